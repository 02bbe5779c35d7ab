namespace Carapace.Core.Routing;

/// <summary>
/// The values of <c>session.dmScope</c>: how direct messages are split into sessions. The default, <see cref="Main"/>,
/// puts every DM in one session ("one brain"); the others isolate people from each other.
/// </summary>
public static class DmScopes
{
    /// <summary>All direct chats share the agent's main session (default).</summary>
    public const string Main = "main";

    /// <summary>One session per person across channels: <c>agent:&lt;id&gt;:direct:&lt;peer&gt;</c>.</summary>
    public const string PerPeer = "per-peer";

    /// <summary>One session per person per channel: <c>agent:&lt;id&gt;:&lt;channel&gt;:direct:&lt;peer&gt;</c>.</summary>
    public const string PerChannelPeer = "per-channel-peer";

    /// <summary>One session per person per channel account: <c>agent:&lt;id&gt;:&lt;channel&gt;:&lt;account&gt;:direct:&lt;peer&gt;</c>.</summary>
    public const string PerAccountChannelPeer = "per-account-channel-peer";

    /// <summary>Every valid value, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Main, PerPeer, PerChannelPeer, PerAccountChannelPeer];
}
