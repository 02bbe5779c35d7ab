namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Manager → plugin: whether the API key was accepted, and for which user.</summary>
public sealed record AuthResultFrame(bool Success) : Frame
{
    /// <summary>The authenticated user on success.</summary>
    public string? UserId { get; init; }

    /// <summary>Why authentication failed.</summary>
    public string? Error { get; init; }
}
