using Carapace.Channels.CrabCallr.Wire;

namespace Carapace.Voice.Relay;

/// <summary>Which user a call belongs to and which voice-agent socket speaks it.</summary>
internal sealed record RelayRoute(string UserId, FrameSocket Agent);
