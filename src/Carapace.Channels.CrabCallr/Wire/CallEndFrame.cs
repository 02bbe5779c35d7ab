namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>The caller hung up. Agent → manager carries <see cref="UserId"/>; manager → plugin leaves it out.</summary>
public sealed record CallEndFrame(string CallId, double DurationSeconds, string Source, long StartedAt) : Frame
{
    /// <summary>The called user (voice-agent side only).</summary>
    public string? UserId { get; init; }
}
