using Carapace.Core.Config;

namespace Carapace.Core.Routing;

/// <summary>
/// The routing-relevant part of <c>agents.defaults</c>: what an agent uses when its own entry is silent. Other keys
/// under <c>agents.defaults</c> (memory search, compaction, bootstrap limits) are bound by their own projects.
/// </summary>
public sealed record AgentDefaults
{
    /// <summary>The default workspace directory as written; null means the built-in <c>~/.carapace/workspace</c>.</summary>
    public string? Workspace { get; init; }

    /// <summary>The default model as <c>provider/model</c>; null when none is configured.</summary>
    public string? Model { get; init; }

    /// <summary>The user's IANA time zone (e.g. <c>Europe/Berlin</c>); null means the host's zone.</summary>
    public string? UserTimezone { get; init; }

    /// <summary>Binds <c>agents.defaults</c>; an unknown time zone is an error.</summary>
    internal static AgentDefaults Bind(ConfigSection section)
    {
        var workspace = section["workspace"].AsString();
        var model = AgentConfig.BindModel(section["model"]);
        var zone = section["userTimezone"];
        var timezone = zone.AsString()?.Trim();
        if (timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            zone.Error($"unknown time zone '{timezone}'; use an IANA name such as \"Europe/Berlin\" or \"America/New_York\"");
            timezone = null;
        }

        return new AgentDefaults
        {
            Workspace = string.IsNullOrWhiteSpace(workspace) ? null : workspace.Trim(),
            Model = model,
            UserTimezone = string.IsNullOrEmpty(timezone) ? null : timezone,
        };
    }
}
