using System.Text.Json.Nodes;
using Carapace.Core.Config;

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

    /// <summary>Binds the <c>agents</c> section; <paramref name="stateDirectory"/> is where default workspaces live.</summary>
    public static AgentOptions Bind(ConfigSection agents, string stateDirectory)
    {
        var defaults = agents["defaults"];
        var fallback = new AgentOptions();
        var profiles = new Dictionary<string, AgentProfile>(StringComparer.OrdinalIgnoreCase);
        string? firstId = null;
        string? markedId = null;
        foreach (var entry in agents["list"].Items())
        {
            if (entry["id"].AsString() is not { Length: > 0 } id)
            {
                entry["id"].Error("every agent needs an id, e.g. \"main\"");
                continue;
            }

            profiles[id] = new AgentProfile(id, ModelOf(entry["model"]), PathOf(entry["workspace"]));
            firstId ??= id;
            if (entry["default"].AsBool(false))
            {
                markedId ??= id;
            }
        }

        return fallback with
        {
            BootstrapMaxChars = defaults["bootstrapMaxChars"].AsInt(fallback.BootstrapMaxChars, 0, 10_000_000),
            BootstrapTotalMaxChars = defaults["bootstrapTotalMaxChars"].AsInt(fallback.BootstrapTotalMaxChars, 0, 50_000_000),
            UserTimeZone = TimeZoneOf(defaults["userTimezone"]) ?? fallback.UserTimeZone,
            ContextTokens = defaults["contextTokens"].AsInt(fallback.ContextTokens, 1_000, 100_000_000),
            Model = ModelOf(defaults["model"]),
            Workspace = PathOf(defaults["workspace"]),
            DefaultAgentId = markedId ?? firstId ?? fallback.DefaultAgentId,
            StateDirectory = stateDirectory,
            Agents = profiles,
        };
    }

    // OpenClaw accepts a plain "provider/model" or { primary: "provider/model", fallbacks: [...] }.
    private static string? ModelOf(ConfigSection model) =>
        model.Node is JsonObject ? model["primary"].AsString() : model.AsString();

    private static string? PathOf(ConfigSection section) => section.AsString() is { Length: > 0 } path
        ? path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path
        : null;

    private static TimeZoneInfo? TimeZoneOf(ConfigSection section)
    {
        if (section.AsString() is not { } id)
        {
            return null;
        }

        if (id.Length > 0 && !id.Contains("..", StringComparison.Ordinal) && !id.StartsWith('/') && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        section.Error($"unknown time zone '{id}'; use an IANA name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"");
        return null;
    }
}
