namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>The answer to a <see cref="PingFrame"/>.</summary>
public sealed record PongFrame : Frame;
