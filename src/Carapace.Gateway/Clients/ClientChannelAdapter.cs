using System.Threading.Channels;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway.Clients;

/// <summary>
/// The WebSocket clients of one client channel (<c>tui</c>, <c>webchat</c>) seen as a channel: the pipeline delivers
/// replies here like to any other channel, and they reach only the sockets of the reply's own peer. Client messages are
/// dispatched by their socket directly so each can be acknowledged, so <see cref="Inbound"/> is empty and complete.
/// </summary>
internal sealed class ClientChannelAdapter(string channel, ClientPeerRegistry peers, ILogger<ClientChannelAdapter> logger) : IChannelAdapter
{
    private static readonly ChannelCapabilities Capabilities = new() { Streaming = true };
    private static readonly ChannelReader<InboundMessage> NoInbound = CompletedReader();

    public string Channel => channel;

    public ChannelReader<InboundMessage> Inbound => NoInbound;

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(chunk);
        if (peers.Deliver(channel, target, chunk) == 0)
        {
            GatewayLog.NoSocketForReply(logger, channel, target.Peer.Id);
        }

        return ValueTask.CompletedTask;
    }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(ChannelCapabilities) ? Capabilities
        : serviceType == typeof(ChannelStatus) ? new ChannelStatus(channel, "default", true, 0, peers.PeerCount(channel), null)
        : null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ChannelReader<InboundMessage> CompletedReader()
    {
        var empty = System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>();
        empty.Writer.Complete();
        return empty.Reader;
    }
}
