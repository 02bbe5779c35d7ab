namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Manager → voice agent: the answer to <see cref="IsPluginConnectedFrame"/>.</summary>
public sealed record PluginConnectedResultFrame : Frame
{
    /// <summary>The user asked about.</summary>
    public string? UserId { get; init; }

    /// <summary>True when a plugin is connected for the user.</summary>
    public bool? Connected { get; init; }

    /// <summary>Why the question could not be answered.</summary>
    public string? Error { get; init; }
}
