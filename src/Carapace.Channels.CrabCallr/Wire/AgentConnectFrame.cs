namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Voice agent → manager, the first frame: the shared secret and a free-form agent id.</summary>
public sealed record AgentConnectFrame(string AgentSecret, string AgentId) : Frame;
