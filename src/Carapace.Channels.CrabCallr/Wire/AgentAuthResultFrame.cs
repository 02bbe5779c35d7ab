namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Manager → voice agent: whether the shared secret was accepted.</summary>
public sealed record AgentAuthResultFrame(bool Success) : Frame
{
    /// <summary>Why authentication failed.</summary>
    public string? Error { get; init; }
}
