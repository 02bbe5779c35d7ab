namespace Carapace.Core.Sessions;

/// <summary>The reset rule in force for one conversation, after channel and type overrides were applied.</summary>
/// <param name="Mode">None, daily or idle.</param>
/// <param name="AtHour">The local hour (0..23) of the daily boundary.</param>
/// <param name="IdleMinutes">Minutes of silence after which the session is stale; 0 turns the idle check off.</param>
public sealed record ResetPolicy(ResetMode Mode, int AtHour, int IdleMinutes)
{
    /// <summary>The hour of the daily boundary when none is configured: 4.</summary>
    public const int DefaultAtHour = 4;

    /// <summary>Carapace's default: never reset automatically (OpenClaw's old daily-at-4 default lost context silently).</summary>
    public static ResetPolicy Default { get; } = new(ResetMode.None, DefaultAtHour, 0);
}
