using System.Text.Json.Nodes;
using Carapace.Core.Config;

namespace Carapace.Core.Routing;

/// <summary>
/// The immutable snapshot of everything the router reads: session scopes, identity links, bindings, agents, owners
/// and per-channel identities. Bound once from the config file; the router is a pure function of this and a message.
/// </summary>
public sealed record RoutingConfig
{
    private readonly IReadOnlyList<RouteBinding> _bindings = [];
    private readonly IReadOnlyDictionary<string, RouteBinding[]> _bindingsByChannel = new Dictionary<string, RouteBinding[]>();

    /// <summary><c>session.scope</c>: per-sender (default) or global.</summary>
    public string Scope { get; init; } = SessionScopes.PerSender;

    /// <summary><c>session.dmScope</c>: main (default), per-peer, per-channel-peer or per-account-channel-peer.</summary>
    public string DmScope { get; init; } = DmScopes.Main;

    /// <summary><c>session.groupScope</c>: per-group (default) or main.</summary>
    public string GroupScope { get; init; } = GroupScopes.PerGroup;

    /// <summary><c>session.identityLinks</c> in file order; the first link listing an id wins.</summary>
    public IReadOnlyList<IdentityLink> IdentityLinks { get; init; } = [];

    /// <summary><c>bindings[]</c> in file order.</summary>
    public IReadOnlyList<RouteBinding> Bindings
    {
        get => _bindings;
        init
        {
            _bindings = value;
            _bindingsByChannel = value.GroupBy(b => b.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        }
    }

    /// <summary><c>agents.list[]</c>; empty means the single implicit agent <c>main</c>.</summary>
    public IReadOnlyList<AgentConfig> Agents { get; init; } = [];

    /// <summary>The routing-relevant part of <c>agents.defaults</c>.</summary>
    public AgentDefaults AgentDefaults { get; init; } = new();

    /// <summary><c>owners[]</c>: identities (lowercased) whose private memory files may reach their direct chats.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary><c>channels.&lt;name&gt;.identity</c>: the person behind a channel without stable sender ids (lowercased).</summary>
    public IReadOnlyDictionary<string, string> ChannelIdentities { get; init; } = new Dictionary<string, string>();

    /// <summary>The agent used when no binding matches: the <c>default: true</c> entry, else the first, else <c>main</c>.</summary>
    public string DefaultAgentId => DefaultOf(Agents);

    /// <summary>The configured agent an id names (normalised); an unknown id gives the default agent, as OpenClaw does.</summary>
    public string ResolveAgentId(string? agentId)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            return DefaultAgentId;
        }

        var id = SessionKeys.NormalizeAgentId(agentId);
        return Agents.Count == 0 || Agents.Any(a => a.Id == id) ? id : DefaultAgentId;
    }

    /// <summary>The entry of an agent id, or an implicit agent with no settings of its own.</summary>
    public AgentConfig GetAgent(string agentId)
    {
        var id = SessionKeys.NormalizeAgentId(agentId);
        return Agents.FirstOrDefault(a => a.Id == id) ?? AgentConfig.Implicit(id);
    }

    /// <summary>The bindings of one normalised channel, in file order.</summary>
    internal IReadOnlyList<RouteBinding> BindingsFor(string channel) =>
        _bindingsByChannel.TryGetValue(channel, out var list) ? list : [];

    /// <summary>Binds the routing keys from the document root, reporting errors and warnings on the document.</summary>
    public static RoutingConfig Bind(ConfigSection root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var session = root["session"];
        var scope = session["scope"].AsChoice(SessionScopes.PerSender, SessionScopes.All);
        var dmScope = session["dmScope"].AsChoice(DmScopes.Main, DmScopes.All);
        var groupScope = session["groupScope"].AsChoice(GroupScopes.PerGroup, GroupScopes.All);
        var mainKey = session["mainKey"];
        if (mainKey.AsString() is { } key && !string.Equals(key.Trim(), SessionKeys.MainKey, StringComparison.OrdinalIgnoreCase))
        {
            mainKey.Warn($"is ignored; the main session key is always \"{SessionKeys.MainKey}\"");
        }

        var agentsSection = root["agents"];
        var defaults = AgentDefaults.Bind(agentsSection["defaults"]);
        var agents = BindAgents(agentsSection["list"]);
        var bindings = BindBindings(root["bindings"], agents);
        return new RoutingConfig
        {
            Scope = scope,
            DmScope = dmScope,
            GroupScope = groupScope,
            IdentityLinks = BindIdentityLinks(session["identityLinks"]),
            Bindings = bindings,
            Agents = agents,
            AgentDefaults = defaults,
            Owners = BindOwners(root["owners"]),
            ChannelIdentities = BindChannelIdentities(root["channels"]),
        };
    }

    private static AgentConfig[] BindAgents(ConfigSection list)
    {
        var agents = new List<AgentConfig>();
        foreach (var item in list.Items())
        {
            if (AgentConfig.Bind(item) is not { } agent)
            {
                continue;
            }

            if (agents.Exists(a => a.Id == agent.Id))
            {
                item["id"].Error($"duplicate agent id '{agent.Id}'; each agent needs its own id");
                continue;
            }

            if (agent.IsDefault && agents.Exists(a => a.IsDefault))
            {
                item["default"].Warn($"another agent is already the default; '{agents.First(a => a.IsDefault).Id}' stays the default");
                agent = agent with { IsDefault = false };
            }

            agents.Add(agent);
        }

        return [.. agents];
    }

    private static string DefaultOf(IReadOnlyList<AgentConfig> agents) =>
        (agents.FirstOrDefault(a => a.IsDefault) ?? agents.FirstOrDefault())?.Id ?? SessionKeys.DefaultAgentId;

    private static RouteBinding[] BindBindings(ConfigSection section, AgentConfig[] agents)
    {
        var bindings = new List<RouteBinding>();
        foreach (var item in section.Items())
        {
            if (RouteBinding.Bind(item) is not { } binding)
            {
                continue;
            }

            var id = SessionKeys.NormalizeAgentId(binding.AgentId);
            if (agents.Length > 0 && !Array.Exists(agents, a => a.Id == id))
            {
                item["agentId"].Warn($"agent '{binding.AgentId}' is not in agents.list; its messages go to the default agent '{DefaultOf(agents)}'");
            }

            bindings.Add(binding);
        }

        return [.. bindings];
    }

    private static IdentityLink[] BindIdentityLinks(ConfigSection section)
    {
        var links = new List<IdentityLink>();
        foreach (var (name, ids) in section.Entries())
        {
            if (name.Trim().Length == 0)
            {
                ids.Warn("an identity link needs a non-blank name; skipped");
                continue;
            }

            if (ids.Node is not JsonArray)
            {
                ids.Warn("expected a list of ids such as [\"telegram:123\", \"discord:987\"]; skipped");
                continue;
            }

            links.Add(new IdentityLink(name, [.. ids.Items().Select(i => i.AsId()).OfType<string>().Where(i => i.Length > 0)]));
        }

        return [.. links];
    }

    private static string[] BindOwners(ConfigSection section) =>
        [.. section.Items().Select(i => i.AsId()).OfType<string>().Select(o => JsText.Lower(JsText.Trim(o))).Where(o => o.Length > 0).Distinct()];

    private static Dictionary<string, string> BindChannelIdentities(ConfigSection channels)
    {
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        if (channels.Node is not JsonObject obj)
        {
            return identities;
        }

        foreach (var name in obj.Select(p => p.Key).ToArray())
        {
            var identity = channels.Peek(name);
            if (identity.Node is JsonObject && JsText.Lower(JsText.Trim(identity["identity"].AsString())) is { Length: > 0 } id)
            {
                identities[SessionKeys.NormalizeChannel(name)] = id;
            }
        }

        return identities;
    }
}
