namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Application-level keepalive; the other side answers with <see cref="PongFrame"/>.</summary>
public sealed record PingFrame : Frame;
