using System.Threading.Channels;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Benchmarks.Turns;

/// <summary>A streaming channel whose platform accepts every chunk instantly, so delivery costs only the pipeline's own work.</summary>
internal sealed class DiscardingChannel(string channel) : IChannelAdapter
{
    private static readonly ChannelCapabilities Capabilities = new() { Streaming = true };
    private readonly Channel<InboundMessage> _inbound = System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>();
    private long _chunks;

    public string Channel => channel;

    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    /// <summary>How many chunks were sent, so the run can check that every turn delivered.</summary>
    public long Chunks => Interlocked.Read(ref _chunks);

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chunks);
        return ValueTask.CompletedTask;
    }

    public object? GetService(Type serviceType) => serviceType == typeof(ChannelCapabilities) ? Capabilities : null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
