namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>The values of a call's <c>source</c> field; anything else is a malformed frame.</summary>
public static class CallSources
{
    /// <summary>A WebRTC call from the dashboard.</summary>
    public const string Browser = "browser";

    /// <summary>A phone call through the shared number.</summary>
    public const string Phone = "phone";

    /// <summary>True for <c>browser</c> or <c>phone</c>.</summary>
    public static bool IsValid(string? source) => source is Browser or Phone;
}
