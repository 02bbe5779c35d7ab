using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Abstractions;

/// <summary>
/// The session a message belongs to, why it was rotated (null when it was not; e.g. <c>/new</c>, <c>daily reset</c>),
/// and the text left for the model once a reset trigger is removed (empty for a bare <c>/new</c>).
/// </summary>
public sealed record SessionResolution(SessionEntry Session, string? RotationReason, string Body);
