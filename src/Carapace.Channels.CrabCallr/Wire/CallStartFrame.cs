namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>A call began. Agent → manager carries <see cref="UserId"/>; manager → plugin leaves it out.</summary>
public sealed record CallStartFrame(string CallId, string Source) : Frame
{
    /// <summary>The called user (voice-agent side only).</summary>
    public string? UserId { get; init; }

    /// <summary>Start time in Unix seconds (voice-agent side only, optional).</summary>
    public long? Timestamp { get; init; }
}
