using System.Threading.Channels;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Testing.Channels;

/// <summary>
/// A messaging platform stand-in: records every chunk sent to it with its target, and lets a test wait for a final
/// reply to a given conversation. Capabilities (streaming, barge-in) are set per test.
/// </summary>
public sealed class FakeChannelAdapter(string channel, ChannelCapabilities? capabilities = null) : IChannelAdapter
{
    private readonly Lock _gate = new();
    private readonly List<(DeliveryTarget Target, OutboundChunk Chunk)> _sent = [];
    private readonly List<(Peer Peer, TaskCompletionSource<OutboundChunk> Signal)> _waiters = [];
    private readonly Channel<InboundMessage> _inbound = System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>();

    /// <inheritdoc />
    public string Channel => channel;

    /// <inheritdoc />
    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    /// <summary>Every chunk sent, in order.</summary>
    public IReadOnlyList<(DeliveryTarget Target, OutboundChunk Chunk)> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The final chunks sent to a peer, in order.</summary>
    public IReadOnlyList<string> FinalsTo(Peer peer) => Sent.Where(s => s.Target.Peer == peer && s.Chunk.IsFinal).Select(s => s.Chunk.Text).ToList();

    /// <summary>The delta chunks sent to a peer, in order.</summary>
    public IReadOnlyList<string> DeltasTo(Peer peer) => Sent.Where(s => s.Target.Peer == peer && !s.Chunk.IsFinal).Select(s => s.Chunk.Text).ToList();

    /// <summary>Completes with the first final chunk sent to <paramref name="peer"/> after this call.</summary>
    public Task<OutboundChunk> NextFinalAsync(Peer peer, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource<OutboundChunk>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((peer, signal));
        }

        return signal.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    /// <inheritdoc />
    public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add((target, chunk));
            if (chunk.IsFinal && _waiters.FindIndex(w => w.Peer == target.Peer) is var i and >= 0)
            {
                _waiters[i].Signal.TrySetResult(chunk);
                _waiters.RemoveAt(i);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType) => serviceType == typeof(ChannelCapabilities) ? capabilities ?? ChannelCapabilities.Default : null;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
