using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Turns;

/// <summary>A message whose session is resolved and whose user line is durable in the transcript; the turn can now run.</summary>
public sealed record AcceptedTurn
{
    /// <summary>The router's answer for the message.</summary>
    public required Route Route { get; init; }

    /// <summary>The message as received.</summary>
    public required InboundMessage Message { get; init; }

    /// <summary>The session the turn runs in.</summary>
    public required SessionEntry Session { get; init; }

    /// <summary>Why the session was rotated by this message; null when it was not.</summary>
    public string? RotationReason { get; init; }

    /// <summary>The text for the model (empty for a bare reset trigger).</summary>
    public required string Body { get; init; }

    /// <summary>The durable user line.</summary>
    public required TranscriptEntry UserEntry { get; init; }

    /// <summary>True when the channel redelivered a message already in the transcript; no second turn runs.</summary>
    public bool IsDuplicate { get; init; }
}
