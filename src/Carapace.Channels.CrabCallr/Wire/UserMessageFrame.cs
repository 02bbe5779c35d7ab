namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>A final transcript of what the caller said. Agent → manager carries <see cref="UserId"/>; manager → plugin leaves it out.</summary>
public sealed record UserMessageFrame(string MessageId, string Text, string CallId) : Frame
{
    /// <summary>The called user (voice-agent side only).</summary>
    public string? UserId { get; init; }
}
