namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>WebSocket close codes with a meaning in the CrabCallr protocol; both sides must agree on them.</summary>
public static class CloseCodes
{
    /// <summary>Normal closure, also used when a newer plugin connection for the same user replaces this one.</summary>
    public const int Normal = 1000;

    /// <summary>The plugin's JSON ping got no pong within 10 s.</summary>
    public const int PingTimeout = 4000;

    /// <summary>No valid auth frame within 10 s.</summary>
    public const int AuthTimeout = 4001;

    /// <summary>The frame was not valid JSON or not a protocol message.</summary>
    public const int InvalidMessage = 4002;

    /// <summary>Authentication failed, or a message arrived before authentication.</summary>
    public const int AuthFailed = 4003;
}
