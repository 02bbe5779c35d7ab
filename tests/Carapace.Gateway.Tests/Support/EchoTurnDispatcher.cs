using System.Collections.Concurrent;
using Carapace.Core.Channels;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;

namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// TEMPORARY TEST DOUBLE, to be replaced by the real TurnDispatcher (Router + SessionLane + TurnPipeline) at
/// integration. It records each message as "durable" before returning, then replies "echo: &lt;text&gt;" in two deltas
/// and a final chunk through the channel adapter of the message's own target. Its session key is a stand-in shaped
/// like a per-channel-peer key; it is not the router's.
/// </summary>
public sealed class EchoTurnDispatcher(IEnumerable<IChannelAdapter> channels, InMemorySessionStore sessions, TimeProvider time) : ITurnDispatcher
{
    private long _seq;

    /// <summary>Messages in the order they became "durable".</summary>
    public ConcurrentQueue<InboundMessage> Durable { get; } = new();

    /// <summary>When set, the first delta is delivered before DispatchAsync returns, as a fast real pipeline may do.</summary>
    public bool DeliverBeforeReturning { get; set; }

    /// <summary>Messages for which DispatchAsync throws IOException("disk full") instead of accepting.</summary>
    public Func<InboundMessage, bool>? FailWhen { get; set; }

    public async ValueTask<TurnTicket> DispatchAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (FailWhen?.Invoke(message) == true)
        {
            throw new IOException("disk full");
        }

        var key = $"agent:main:{message.Channel}:{message.Peer.Kind.ToKeyword()}:{message.Peer.Id.ToLowerInvariant()}";
        var route = RouteFor(message, key);
        var now = time.GetUtcNow();
        await sessions.WriteAsync(new SessionEntry
        {
            Key = key, SessionId = "s-" + key, AgentId = "main", StartedAt = now, LastInteractionAt = now,
            Channel = message.Channel, ChatType = message.Peer.Kind, Version = (await sessions.GetAsync(key, cancellationToken))?.Version ?? 0,
        }, cancellationToken);
        Durable.Enqueue(message);
        var seq = Interlocked.Increment(ref _seq);
        var adapter = channels.Single(c => c.Channel == route.Delivery.Channel);
        if (DeliverBeforeReturning)
        {
            await adapter.SendAsync(route.Delivery, OutboundChunk.Delta("echo: "), cancellationToken);
        }

        return new TurnTicket(route, "s-" + key, seq, ReplyAsync(adapter, route, message.Text, cancellationToken));
    }

    private async Task<TurnOutcome> ReplyAsync(IChannelAdapter adapter, Route route, string text, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!DeliverBeforeReturning)
        {
            await adapter.SendAsync(route.Delivery, OutboundChunk.Delta("echo: "), cancellationToken);
        }

        await adapter.SendAsync(route.Delivery, OutboundChunk.Delta(text), cancellationToken);
        await adapter.SendAsync(route.Delivery, OutboundChunk.Final("echo: " + text), cancellationToken);
        return new TurnOutcome("echo: " + text, TurnEnd.Completed);
    }

    private static Route RouteFor(InboundMessage message, string key) => new()
    {
        AgentId = "main",
        Channel = message.Channel,
        AccountId = "default",
        SessionKey = key,
        MainSessionKey = "agent:main:main",
        ChatType = message.Peer.Kind,
        Identity = $"{message.Channel}:{message.SenderId}",
        IsOwner = false,
        DmScope = "per-channel-peer",
        MatchedBy = "default",
        Delivery = new DeliveryTarget(message.Channel, "default", message.Peer, message.ThreadId, message.ChannelMessageId),
        Memory = MemoryScope.For("main", $"{message.Channel}:{message.SenderId}", false, message.Peer.Kind, key, null),
    };
}
