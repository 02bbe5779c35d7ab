namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Plugin → manager → voice agent: text to speak in a call (answer, filler, idle prompt or goodbye).</summary>
public sealed record UtteranceFrame(string UtteranceId, string CallId, string Text) : Frame
{
    /// <summary>True: hang up after speaking this.</summary>
    public bool? EndCall { get; init; }
}
