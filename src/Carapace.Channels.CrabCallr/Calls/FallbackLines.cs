namespace Carapace.Channels.CrabCallr.Calls;

/// <summary>What the caller hears when there is no answer to speak, worded as in the original plugin.</summary>
internal static class FallbackLines
{
    public const string Empty = "I didn't get a response. Could you say that again?";

    public const string Timeout = "I'm sorry, that request took too long. Could you try again?";
}
