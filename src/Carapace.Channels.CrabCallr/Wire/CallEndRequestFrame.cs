namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Plugin → manager → voice agent: end the call without saying anything more.</summary>
public sealed record CallEndRequestFrame(string UserId, string CallId) : Frame;
