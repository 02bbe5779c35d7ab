using Carapace.Core.Memory;

namespace Carapace.Memory.Facts;

/// <summary>
/// One queued capture: who said it (the scope), which session and transcript lines it covers, the messages themselves
/// (the new exchange plus a few before it) and when it was said in the user's time zone, so relative dates resolve
/// against the message and not against the time the queue gets to it.
/// </summary>
public sealed record CaptureJob
{
    /// <summary>The scope of the conversation the lines come from.</summary>
    public required MemoryScope Scope { get; init; }

    /// <summary>The session (transcript) id.</summary>
    public required string SessionId { get; init; }

    /// <summary>The transcript seqs of the new lines (the sources recorded in history).</summary>
    public required IReadOnlyList<long> MessageSeqs { get; init; }

    /// <summary>The messages to read, oldest first; the last ones are the new exchange.</summary>
    public required IReadOnlyList<CaptureMessage> Messages { get; init; }

    /// <summary>When the newest user message was received, with the user's UTC offset.</summary>
    public required DateTimeOffset SaidAt { get; init; }
}
