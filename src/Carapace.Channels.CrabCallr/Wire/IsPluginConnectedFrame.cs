namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Voice agent → manager: is this user's agent host online (asked before answering a call)?</summary>
public sealed record IsPluginConnectedFrame(string UserId) : Frame;
