using System.Collections.Concurrent;
using System.Threading.Channels;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Gateway.Tests.Support;

/// <summary>A fake messaging platform: tests push inbound messages and read what was delivered to each target.</summary>
public sealed class FakePlatformAdapter(string channel, Exception? runFailure = null) : IChannelAdapter
{
    private readonly Channel<InboundMessage> _inbound = System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>();
    private readonly TaskCompletionSource _allFinals = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expectedFinals = int.MaxValue;

    public string Channel => channel;

    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    public ConcurrentQueue<(DeliveryTarget Target, OutboundChunk Chunk)> Sent { get; } = new();

    public Task RunAsync(CancellationToken cancellationToken) =>
        runFailure is null ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.FromException(runFailure);

    public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        Sent.Enqueue((target, chunk));
        if (chunk.IsFinal && Sent.Count(s => s.Chunk.IsFinal) >= Volatile.Read(ref _expectedFinals))
        {
            _allFinals.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    public void Receive(InboundMessage message) => _inbound.Writer.TryWrite(message);

    public Task WaitForFinalsAsync(int count)
    {
        Volatile.Write(ref _expectedFinals, count);
        if (Sent.Count(s => s.Chunk.IsFinal) >= count)
        {
            _allFinals.TrySetResult();
        }

        return _allFinals.Task.WaitAsync(FrameExtensions.Timeout);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
