namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Plugin → manager, the first frame after the socket opens: the user's <c>cc_</c> API key.</summary>
public sealed record AuthFrame(string ApiKey) : Frame;
