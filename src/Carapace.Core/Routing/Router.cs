using Carapace.Core.Memory;
using Carapace.Core.Messages;

namespace Carapace.Core.Routing;

/// <summary>
/// Decides, for one message, which agent answers, in which session, for which person, with what memory, and where
/// the reply goes. A pure function of config and message (no cache, clock, logger or I/O), so it is trivially
/// testable and the only place session keys and identities are made. <see cref="Route.MatchedBy"/> explains the choice.
/// </summary>
public static class Router
{
    /// <summary>The <see cref="Route.MatchedBy"/> value when no binding matched.</summary>
    public const string MatchedByDefault = "default";

    // Binding tiers, most specific first; the first tier with a match wins, and within a tier the first binding in
    // file order. Each row only picks the bindings of its shape; AllOtherFieldsMatch then checks every field present.
    private static readonly Tier[] Tiers =
    [
        new("binding.peer", (b, m) => b.Peer is { Id: not RouteBinding.AnyPeer } p && SamePeer(p, m.Peer)),
        new("binding.peer.parent", (b, m) => m.ParentPeer is { } parent && b.Peer is { Id: not RouteBinding.AnyPeer } p && SamePeer(p, parent)),
        new("binding.peer.wildcard", (b, m) => b.Peer is { Id: RouteBinding.AnyPeer } p && SameKind(p.Kind, m.Peer.Kind)),
        new("binding.guild+roles", (b, _) => b.Peer is null && b.GuildId is not null && b.Roles.Count > 0),
        new("binding.guild", (b, _) => b.Peer is null && b.GuildId is not null && b.Roles.Count == 0),
        new("binding.team", (b, _) => b.Peer is null && b.GuildId is null && b.TeamId is not null),
        new("binding.account", (b, _) => IsAccountOrChannelWide(b) && b.AccountId != RouteBinding.AnyAccount),
        new("binding.channel", (b, _) => IsAccountOrChannelWide(b) && b.AccountId == RouteBinding.AnyAccount),
    ];

    /// <summary>Routes one inbound message.</summary>
    public static Route Resolve(RoutingConfig config, InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(message);
        var facts = Facts.From(message);
        var (binding, matchedBy) = Match(config, facts);
        var agentId = binding is null ? config.DefaultAgentId : config.ResolveAgentId(binding.AgentId);
        var dmScope = binding?.DmScope ?? config.DmScope;
        var kind = facts.Peer.Kind;
        var sessionKey = config.Scope == SessionScopes.Global
            ? SessionKeys.GlobalKey
            : SessionKeys.AppendThread(
                SessionKeys.BuildPeerSessionKey(
                    agentId, facts.Channel, facts.AccountId, kind, facts.Peer.Id.Length == 0 ? "unknown" : facts.Peer.Id,
                    dmScope, binding?.GroupScope ?? config.GroupScope, config.IdentityLinks),
                message.ThreadId);
        var identity = ResolveIdentity(config, facts.Channel, message.SenderId);
        var isOwner = config.Owners.Contains(identity, StringComparer.Ordinal);
        var groupId = kind == ChatType.Direct ? null : $"{facts.Channel}:{kind.ToKeyword()}:{SessionKeys.NormalizeGroupPeerId(facts.Peer.Id)}";
        return new Route
        {
            AgentId = agentId,
            Channel = facts.Channel,
            AccountId = facts.AccountId,
            SessionKey = sessionKey,
            MainSessionKey = SessionKeys.BuildMainSessionKey(agentId),
            ChatType = kind,
            Identity = identity,
            IsOwner = isOwner,
            DmScope = dmScope,
            MatchedBy = matchedBy,
            Delivery = new DeliveryTarget(facts.Channel, facts.AccountId, message.Peer, message.ThreadId, message.ChannelMessageId),
            Memory = MemoryScope.For(agentId, identity, isOwner, kind, sessionKey, groupId),
        };
    }

    /// <summary>
    /// The person behind a sender id: the identity-link name (linked whatever the dmScope, since memory follows the
    /// person), else the channel's configured identity, else <c>&lt;channel&gt;:&lt;senderId&gt;</c>; always lowercase.
    /// </summary>
    public static string ResolveIdentity(RoutingConfig config, string channel, string? senderId)
    {
        ArgumentNullException.ThrowIfNull(config);
        var normalizedChannel = SessionKeys.NormalizeChannel(channel);
        if (SessionKeys.ResolveLinkedPeerId(config.IdentityLinks, normalizedChannel, senderId) is { } linked)
        {
            return JsText.Lower(linked);
        }

        if (config.ChannelIdentities.TryGetValue(normalizedChannel, out var configured))
        {
            return configured;
        }

        var sender = JsText.Lower(JsText.Trim(senderId));
        return $"{normalizedChannel}:{(sender.Length == 0 ? "unknown" : sender)}";
    }

    private static (RouteBinding? Binding, string MatchedBy) Match(RoutingConfig config, Facts facts)
    {
        var candidates = config.BindingsFor(facts.Channel);
        if (candidates.Count == 0)
        {
            return (null, MatchedByDefault);
        }

        foreach (var tier in Tiers)
        {
            foreach (var binding in candidates)
            {
                if (AccountMatches(binding, facts.AccountId) && tier.Selects(binding, facts) && AllOtherFieldsMatch(binding, facts))
                {
                    return (binding, tier.MatchedBy);
                }
            }
        }

        return (null, MatchedByDefault);
    }

    private static bool AccountMatches(RouteBinding binding, string accountId) =>
        binding.AccountId == RouteBinding.AnyAccount || binding.AccountId == accountId;

    // A peer+guild binding is never a guild-wide fallback (#14752): whatever a binding names must all match.
    private static bool AllOtherFieldsMatch(RouteBinding binding, Facts facts) =>
        (binding.GuildId is null || binding.GuildId == facts.GuildId) &&
        (binding.TeamId is null || binding.TeamId == facts.TeamId) &&
        (binding.Roles.Count == 0 || binding.Roles.Any(role => Array.IndexOf(facts.RoleIds, role) >= 0));

    private static bool IsAccountOrChannelWide(RouteBinding b) => b.Peer is null && b.GuildId is null && b.TeamId is null;

    private static bool SamePeer(Peer binding, Peer actual) => SameKind(binding.Kind, actual.Kind) && binding.Id == actual.Id;

    // Group and channel are interchangeable for bindings; direct matches only direct.
    private static bool SameKind(ChatType binding, ChatType actual) =>
        binding == actual || (binding != ChatType.Direct && actual != ChatType.Direct);

    private sealed record Tier(string MatchedBy, Func<RouteBinding, Facts, bool> Selects);

    // The message's routing inputs, normalised once: ids trimmed (binding ids are compared case-sensitively).
    private sealed record Facts(string Channel, string AccountId, Peer Peer, Peer? ParentPeer, string GuildId, string TeamId, string[] RoleIds)
    {
        public static Facts From(InboundMessage m)
        {
            var parentId = JsText.Trim(m.ParentPeer?.Id);
            return new Facts(
                SessionKeys.NormalizeChannel(m.Channel),
                SessionKeys.NormalizeAccountId(m.AccountId),
                m.Peer with { Id = JsText.Trim(m.Peer.Id) },
                m.ParentPeer is null || parentId.Length == 0 ? null : m.ParentPeer with { Id = parentId },
                JsText.Trim(m.GuildId),
                JsText.Trim(m.TeamId),
                [.. m.MemberRoleIds.Select(JsText.Trim)]);
        }
    }
}
