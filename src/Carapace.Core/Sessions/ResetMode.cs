namespace Carapace.Core.Sessions;

/// <summary>When a session key starts a fresh conversation by itself; Carapace defaults to <see cref="None"/> so context is never lost silently.</summary>
public enum ResetMode
{
    /// <summary>Never reset automatically; only <c>/new</c>, <c>/reset</c> or the CLI start a new session.</summary>
    None,

    /// <summary>Reset on the first message after the daily <c>atHour</c> boundary.</summary>
    Daily,

    /// <summary>Reset on the first message after <c>idleMinutes</c> of silence.</summary>
    Idle,
}
