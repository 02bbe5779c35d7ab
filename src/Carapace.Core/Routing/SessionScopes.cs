namespace Carapace.Core.Routing;

/// <summary>The values of <c>session.scope</c>: per-sender keys (default) or one <c>global</c> session for everything.</summary>
public static class SessionScopes
{
    /// <summary>Keys are built from agent, channel and peer according to dmScope and groupScope (default).</summary>
    public const string PerSender = "per-sender";

    /// <summary>Every message lands in the single session <c>global</c>.</summary>
    public const string Global = "global";

    /// <summary>Every valid value, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [PerSender, Global];
}
