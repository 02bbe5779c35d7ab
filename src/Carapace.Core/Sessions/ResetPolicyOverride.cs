using Carapace.Core.Config;

namespace Carapace.Core.Sessions;

/// <summary>A reset rule as written in config (<c>session.reset</c>, a <c>resetByType</c> or <c>resetByChannel</c> entry); absent fields inherit.</summary>
/// <param name="Mode">The mode, or null when the key is absent.</param>
/// <param name="AtHour">The daily hour, or null when absent.</param>
/// <param name="IdleMinutes">The idle minutes, or null when absent.</param>
public sealed record ResetPolicyOverride(ResetMode? Mode = null, int? AtHour = null, int? IdleMinutes = null)
{
    /// <summary>Reads <c>{ mode, atHour, idleMinutes }</c>; out-of-range values are errors naming the key, and are treated as absent.</summary>
    public static ResetPolicyOverride Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!ConfigShape.IsObjectOrAbsent(section, "{ mode: 'daily', atHour: 4, idleMinutes: 0 }"))
        {
            return new ResetPolicyOverride();
        }

        var mode = section["mode"];
        var atHour = section["atHour"];
        var idle = section["idleMinutes"];
        return new ResetPolicyOverride(
            mode.Exists ? ParseMode(mode.AsChoice("", "none", "daily", "idle")) : null,
            atHour.Exists ? Valid(atHour.AsInt(-1, 0, 23)) : null,
            idle.Exists ? Valid(idle.AsInt(-1, 0)) : null);
    }

    private static ResetMode? ParseMode(string text) => text switch
    {
        "none" => ResetMode.None,
        "daily" => ResetMode.Daily,
        "idle" => ResetMode.Idle,
        _ => null,
    };

    private static int? Valid(int value) => value < 0 ? null : value;
}
