using Carapace.Core.Sessions;

namespace Carapace.Sessions.Abstractions;

/// <summary>One ended session of a key: its id (whose transcript stays readable), its lifetime, and why it was replaced.</summary>
/// <param name="SessionKey">The routing key.</param>
/// <param name="SessionId">The ended session id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it was replaced.</param>
/// <param name="Reason">Why it was replaced.</param>
/// <param name="Trigger">The trigger word for <see cref="RotationReason.Trigger"/> rotations (e.g. <c>/new</c>).</param>
/// <param name="NextSessionId">The session id that replaced it.</param>
public sealed record SessionHistoryEntry(
    string SessionKey,
    string SessionId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    RotationReason Reason,
    string? Trigger,
    string NextSessionId);
