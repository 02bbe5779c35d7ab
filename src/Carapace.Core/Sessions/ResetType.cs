namespace Carapace.Core.Sessions;

/// <summary>The conversation shapes that <c>session.resetByType</c> can give their own reset policy.</summary>
public enum ResetType
{
    /// <summary>A one-to-one chat.</summary>
    Direct,

    /// <summary>A group chat or channel room.</summary>
    Group,

    /// <summary>A thread or topic inside a chat.</summary>
    Thread,
}
