using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Lifecycle;

/// <summary>The session an inbound message lands in, after reset triggers and the reset policy were applied.</summary>
/// <param name="Entry">The stored entry (current session id, updated last interaction).</param>
/// <param name="Body">The text for the model: the message, or what followed a reset trigger (empty for a bare <c>/new</c>).</param>
/// <param name="Rotation">Set when this message started a new session; the reply must say so.</param>
public sealed record SessionTurnStart(SessionEntry Entry, string Body, SessionRotation? Rotation);
