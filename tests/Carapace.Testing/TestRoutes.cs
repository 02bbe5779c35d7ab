using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Testing;

/// <summary>Hand-built <see cref="Route"/>s shaped like the router's output, for tests of code downstream of routing.</summary>
public static class TestRoutes
{
    /// <summary>A per-channel-peer direct chat with <paramref name="peerId"/> on <paramref name="channel"/>.</summary>
    public static Route Direct(string peerId = "123", bool isOwner = true, string channel = "telegram", string agentId = "main") =>
        Build(new Peer(ChatType.Direct, peerId), peerId, isOwner, channel, agentId, groupId: null);

    /// <summary>A group chat <paramref name="groupId"/> on <paramref name="channel"/>, written in by <paramref name="senderId"/>.</summary>
    public static Route Group(string groupId = "-100200", string senderId = "123", bool isOwner = true, string channel = "telegram", string agentId = "main") =>
        Build(new Peer(ChatType.Group, groupId), senderId, isOwner, channel, agentId, groupId: $"{channel}:group:{groupId}");

    /// <summary>The inbound message that would produce <paramref name="route"/>.</summary>
    public static InboundMessage MessageFor(Route route, string text, DateTimeOffset receivedAt, string? channelMessageId = null) => new()
    {
        Channel = route.Channel,
        AccountId = route.AccountId,
        Peer = route.Delivery.Peer,
        SenderId = route.Identity[(route.Identity.IndexOf(':') + 1)..],
        Text = text,
        ReceivedAt = receivedAt,
        ChannelMessageId = channelMessageId,
    };

    private static Route Build(Peer peer, string senderId, bool isOwner, string channel, string agentId, string? groupId)
    {
        var key = $"agent:{agentId}:{channel}:{peer.Kind.ToKeyword()}:{peer.Id.ToLowerInvariant()}";
        var identity = $"{channel}:{senderId}";
        return new Route
        {
            AgentId = agentId,
            Channel = channel,
            AccountId = "default",
            SessionKey = key,
            MainSessionKey = $"agent:{agentId}:main",
            ChatType = peer.Kind,
            Identity = identity,
            IsOwner = isOwner,
            DmScope = "per-channel-peer",
            MatchedBy = "default",
            Delivery = new DeliveryTarget(channel, "default", peer),
            Memory = MemoryScope.For(agentId, identity, isOwner, peer.Kind, key, groupId),
        };
    }
}
