using Carapace.Agent.Compaction;
using Carapace.Core.Config;
using Carapace.Core.Routing;

namespace Carapace.Agent.Prompt;

/// <summary>
/// The <c>agents</c> settings that shape a turn: each agent's model and workspace, bootstrap size limits, the user's
/// time zone and the context window. Bound once from config; per-agent entries override the defaults.
/// </summary>
public sealed record AgentOptions
{
    /// <summary>Characters of one bootstrap file injected into the prompt (<c>agents.defaults.bootstrapMaxChars</c>); default 20000.</summary>
    public int BootstrapMaxChars { get; init; } = 20_000;

    /// <summary>Characters of all bootstrap files together (<c>agents.defaults.bootstrapTotalMaxChars</c>); default 150000.</summary>
    public int BootstrapTotalMaxChars { get; init; } = 150_000;

    /// <summary>The user's time zone for the prompt's clock (<c>agents.defaults.userTimezone</c>, IANA); default the host's zone.</summary>
    public TimeZoneInfo UserTimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>The model's context window in tokens (<c>agents.defaults.contextTokens</c>); default 200000.</summary>
    public int ContextTokens { get; init; } = 200_000;

    /// <summary>When and how sessions are compacted near the window (<c>agents.defaults.compaction</c>).</summary>
    public CompactionOptions Compaction { get; init; } = new();

    /// <summary>The default model reference <c>provider/model</c> (<c>agents.defaults.model</c>); null means none configured.</summary>
    public string? Model { get; init; }

    /// <summary>The default agent's id: the <c>agents.list</c> entry marked default, else the first, else <c>main</c>.</summary>
    public string DefaultAgentId { get; init; } = "main";

    /// <summary>The state directory workspaces default into (<c>~/.carapace</c>).</summary>
    public string StateDirectory { get; init; } = ".";

    /// <summary>The default agent's workspace (<c>agents.defaults.workspace</c>); null means <c>&lt;state&gt;/workspace</c>.</summary>
    public string? Workspace { get; init; }

    /// <summary>Per-agent settings from <c>agents.list</c>, by id.</summary>
    public IReadOnlyDictionary<string, AgentProfile> Agents { get; init; } = new Dictionary<string, AgentProfile>();

    /// <summary>Every configured agent's id, normalised, the default one included: the agents whose memory opens at start.</summary>
    public IEnumerable<string> ConfiguredAgentIds => Agents.Keys.Append(DefaultAgentId).Select(a => a.ToLowerInvariant()).Distinct();

    /// <summary>The model reference an agent uses: its own, else the default.</summary>
    public string? ModelFor(string agentId) => Agents.GetValueOrDefault(agentId)?.Model ?? Model;

    /// <summary>An agent's workspace: its own, else the default agent's, else <c>&lt;state&gt;/workspace-&lt;agentId&gt;</c>.</summary>
    public string WorkspaceFor(string agentId)
    {
        if (Agents.GetValueOrDefault(agentId)?.Workspace is { } own)
        {
            return own;
        }

        return string.Equals(agentId, DefaultAgentId, StringComparison.OrdinalIgnoreCase)
            ? Workspace ?? Path.Combine(StateDirectory, "workspace")
            : Path.Combine(StateDirectory, "workspace-" + agentId.ToLowerInvariant());
    }

    /// <summary>
    /// Builds the agent options from the routing config (agents, default model, workspace and time zone, already bound
    /// and checked there) plus the prompt limits of <c>agents.defaults</c>; <paramref name="stateDirectory"/> is where
    /// default workspaces live.
    /// </summary>
    public static AgentOptions Bind(ConfigSection agents, RoutingConfig routing, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var defaults = agents["defaults"];
        var fallback = new AgentOptions();
        return fallback with
        {
            BootstrapMaxChars = defaults["bootstrapMaxChars"].AsInt(fallback.BootstrapMaxChars, 0, 10_000_000),
            BootstrapTotalMaxChars = defaults["bootstrapTotalMaxChars"].AsInt(fallback.BootstrapTotalMaxChars, 0, 50_000_000),
            ContextTokens = defaults["contextTokens"].AsInt(fallback.ContextTokens, 1_000, 100_000_000),
            Compaction = CompactionOptions.Bind(defaults["compaction"]),
            UserTimeZone = routing.AgentDefaults.UserTimezone is { } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : fallback.UserTimeZone,
            Model = routing.AgentDefaults.Model,
            Workspace = ExpandHome(routing.AgentDefaults.Workspace),
            DefaultAgentId = routing.DefaultAgentId,
            StateDirectory = stateDirectory,
            Agents = routing.Agents.ToDictionary(
                a => a.Id, a => new AgentProfile(a.Id, a.Model, ExpandHome(a.Workspace)), StringComparer.OrdinalIgnoreCase),
        };
    }

    private static string? ExpandHome(string? path) => path is { Length: > 0 }
        ? path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path
        : null;
}
