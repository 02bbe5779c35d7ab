using Carapace.Core.Config;

namespace Carapace.Core.Sessions;

/// <summary>
/// The session lifecycle settings of <c>session.*</c> (reset, per-type and per-channel resets, reset triggers,
/// send policy) with OpenClaw's key names; defaults: no automatic reset, atHour 4, triggers <c>/new</c> and <c>/reset</c>.
/// </summary>
public sealed record SessionPolicyOptions
{
    /// <summary>The triggers used when <c>session.resetTriggers</c> is absent: <c>/new</c> and <c>/reset</c>.</summary>
    public static IReadOnlyList<string> DefaultResetTriggers { get; } = ["/new", "/reset"];

    /// <summary><c>session.reset</c>; null when absent (then no automatic reset).</summary>
    public ResetPolicyOverride? Reset { get; init; }

    /// <summary><c>session.resetByType</c>: overrides laid field by field over <see cref="Reset"/>. Default: none.</summary>
    public IReadOnlyDictionary<ResetType, ResetPolicyOverride> ResetByType { get; init; } = new Dictionary<ResetType, ResetPolicyOverride>();

    /// <summary><c>session.resetByChannel</c>, keyed by lowercase channel name; an entry wins outright. Default: none.</summary>
    public IReadOnlyDictionary<string, ResetPolicyOverride> ResetByChannel { get; init; } = new Dictionary<string, ResetPolicyOverride>();

    /// <summary><c>session.resetTriggers</c>. Default: <c>["/new", "/reset"]</c>.</summary>
    public IReadOnlyList<string> ResetTriggers { get; init; } = DefaultResetTriggers;

    /// <summary><c>session.sendPolicy</c>. Default: allow everything.</summary>
    public SendPolicy SendPolicy { get; init; } = new();

    /// <summary>Binds the lifecycle keys of the <c>session</c> section (other keys such as <c>dmScope</c> are bound by the router).</summary>
    public static SessionPolicyOptions Bind(ConfigSection session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var reset = session["reset"];
        var triggers = session["resetTriggers"];
        return new SessionPolicyOptions
        {
            Reset = reset.Exists ? ResetPolicyOverride.Bind(reset) : null,
            ResetByType = BindByType(session["resetByType"]),
            ResetByChannel = BindByChannel(session["resetByChannel"]),
            ResetTriggers = triggers.Exists ? BindTriggers(triggers) : DefaultResetTriggers,
            SendPolicy = SendPolicy.Bind(session["sendPolicy"]),
        };
    }

    private static Dictionary<ResetType, ResetPolicyOverride> BindByType(ConfigSection section)
    {
        var result = new Dictionary<ResetType, ResetPolicyOverride>();
        if (!ConfigShape.IsObjectOrAbsent(section, "{ direct: { mode: 'idle', idleMinutes: 60 } }"))
        {
            return result;
        }

        if (section["dm"].Exists)
        {
            section["dm"].Error("'dm' is no longer accepted here; rename it to 'direct'");
        }

        foreach (var (name, type) in new[] { ("direct", ResetType.Direct), ("group", ResetType.Group), ("thread", ResetType.Thread) })
        {
            var entry = section[name];
            if (entry.Exists)
            {
                result[type] = ResetPolicyOverride.Bind(entry);
            }
        }

        return result;
    }

    private static Dictionary<string, ResetPolicyOverride> BindByChannel(ConfigSection section)
    {
        var result = new Dictionary<string, ResetPolicyOverride>(StringComparer.Ordinal);
        foreach (var (channel, entry) in section.Entries())
        {
            var name = channel.Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                entry.Error("a channel name must not be blank");
                continue;
            }

            if (entry.Exists)
            {
                result[name] = ResetPolicyOverride.Bind(entry);
            }
        }

        return result;
    }

    private static List<string> BindTriggers(ConfigSection section)
    {
        var result = new List<string>();
        foreach (var item in section.Items())
        {
            var trigger = item.AsString()?.Trim();
            if (trigger is null)
            {
                continue;
            }

            if (trigger.Length == 0 || trigger.Any(char.IsWhiteSpace))
            {
                item.Error($"a reset trigger must be one word without spaces, like \"/new\"; found \"{trigger}\"");
                continue;
            }

            result.Add(trigger);
        }

        return result;
    }
}
