namespace Carapace.Core.Routing;

/// <summary>The values of <c>session.groupScope</c>: whether each group keeps its own session or all groups share main.</summary>
public static class GroupScopes
{
    /// <summary>Each group or channel has its own session (default).</summary>
    public const string PerGroup = "per-group";

    /// <summary>Groups and channels share the agent's main session (risky; OpenClaw's audit warns about it).</summary>
    public const string Main = "main";

    /// <summary>Every valid value, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [PerGroup, Main];
}
