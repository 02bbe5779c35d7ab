using Carapace.Core.Sessions;

namespace Carapace.Sessions.Lifecycle;

/// <summary>A key got a new session id; carried back to the caller so the reply can say so instead of forgetting silently.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Trigger">The trigger word for <see cref="RotationReason.Trigger"/>.</param>
/// <param name="PreviousSessionId">The session that ended; null for a brand-new key.</param>
/// <param name="SessionId">The session that starts now.</param>
public sealed record SessionRotation(RotationReason Reason, string? Trigger, string? PreviousSessionId, string SessionId)
{
    /// <summary>The line to put before the reply, e.g. <c>New conversation started (daily reset).</c></summary>
    public string Notice => Reason switch
    {
        RotationReason.New => "New conversation started.",
        RotationReason.Trigger => $"New conversation started ({Trigger}).",
        RotationReason.Daily => "New conversation started (daily reset).",
        RotationReason.Idle => "New conversation started (idle reset).",
        _ => "New conversation started (reset from the command line).",
    };
}
