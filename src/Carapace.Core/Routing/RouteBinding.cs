using System.Text.Json.Nodes;
using Carapace.Core.Config;
using Carapace.Core.Messages;

namespace Carapace.Core.Routing;

/// <summary>
/// One entry of <c>bindings[]</c>: sends matching messages to an agent, optionally with its own dmScope or groupScope.
/// Every field present must match. Ids are kept as written (trimmed), so matching them is case-sensitive.
/// </summary>
public sealed record RouteBinding
{
    /// <summary>Matches any account when used as <see cref="AccountId"/>.</summary>
    public const string AnyAccount = "*";

    /// <summary>Matches any peer of the kind when used as the peer id.</summary>
    public const string AnyPeer = "*";

    /// <summary>The target agent as written (trimmed); the router maps unknown ids to the default agent.</summary>
    public required string AgentId { get; init; }

    /// <summary>The normalised channel the binding applies to.</summary>
    public required string Channel { get; init; }

    /// <summary>The normalised account, <see cref="AnyAccount"/>, or <c>default</c> when the binding names none.</summary>
    public string AccountId { get; init; } = SessionKeys.DefaultAccountId;

    /// <summary>The conversation to match (id <see cref="AnyPeer"/> for every peer of that kind); null for any.</summary>
    public Peer? Peer { get; init; }

    /// <summary>The Discord guild to match; null for any.</summary>
    public string? GuildId { get; init; }

    /// <summary>The Slack team to match; null for any.</summary>
    public string? TeamId { get; init; }

    /// <summary>Guild roles of which the sender must hold at least one; empty for no restriction.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The dmScope for sessions routed by this binding; null to use <c>session.dmScope</c>.</summary>
    public string? DmScope { get; init; }

    /// <summary>The groupScope for sessions routed by this binding; null to use <c>session.groupScope</c>.</summary>
    public string? GroupScope { get; init; }

    /// <summary>Binds one <c>bindings[]</c> item; null (with an error) when it cannot route anything.</summary>
    internal static RouteBinding? Bind(ConfigSection item)
    {
        if (item.Node is not JsonObject)
        {
            item.Error("expected a binding object { agentId, match: { channel, ... } }");
            return null;
        }

        var agentId = item["agentId"].AsId();
        var match = item["match"];
        var channel = match["channel"].AsString()?.Trim();
        var account = match["accountId"].AsId();
        var peer = BindPeer(match["peer"]);
        var guildId = match["guildId"].AsId();
        var teamId = match["teamId"].AsId();
        var roles = match["roles"].Items().Select(r => r.AsId()).OfType<string>().Where(r => r.Length > 0).ToArray();
        var session = item["session"];
        var dmScope = session["dmScope"] is { Exists: true } dm ? dm.AsChoice(DmScopes.Main, DmScopes.All) : null;
        var groupScope = session["groupScope"] is { Exists: true } gs ? gs.AsChoice(GroupScopes.PerGroup, GroupScopes.All) : null;

        var ok = true;
        if (string.IsNullOrEmpty(agentId))
        {
            item["agentId"].Error("a binding needs an \"agentId\" naming the agent it routes to");
            ok = false;
        }

        if (string.IsNullOrEmpty(channel))
        {
            match["channel"].Error("a binding needs \"match.channel\" (e.g. \"telegram\")");
            ok = false;
        }

        if (!ok || peer is { Valid: false })
        {
            return null;
        }

        return new RouteBinding
        {
            AgentId = agentId!,
            Channel = SessionKeys.NormalizeChannel(channel),
            AccountId = string.IsNullOrEmpty(account) ? SessionKeys.DefaultAccountId
                : account == AnyAccount ? AnyAccount : SessionKeys.NormalizeAccountId(account),
            Peer = peer?.Peer,
            GuildId = string.IsNullOrEmpty(guildId) ? null : guildId,
            TeamId = string.IsNullOrEmpty(teamId) ? null : teamId,
            Roles = roles,
            DmScope = dmScope,
            GroupScope = groupScope,
        };
    }

    private static (bool Valid, Peer? Peer)? BindPeer(ConfigSection section)
    {
        if (!section.Exists)
        {
            return null;
        }

        if (section.Node is not JsonObject)
        {
            section.Error("expected an object { kind, id }");
            return (false, null);
        }

        var kindSection = section["kind"];
        var kindText = kindSection.AsString();
        var id = section["id"].AsId();
        var kind = ChatTypes.Parse(kindText);
        if (kind is null)
        {
            kindSection.Error(kindText is null
                ? "a peer match needs a \"kind\"; valid values: direct, group, channel"
                : $"unknown value '{kindText}'; valid values: {string.Join(", ", ChatTypes.Keywords)}");
        }

        if (string.IsNullOrEmpty(id))
        {
            section["id"].Error("a peer match needs an \"id\" (or \"*\" for every peer of that kind)");
        }

        return kind is null || string.IsNullOrEmpty(id) ? (false, null) : (true, new Peer(kind.Value, id));
    }
}
