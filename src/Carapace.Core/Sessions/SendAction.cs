namespace Carapace.Core.Sessions;

/// <summary>Whether the agent may send replies into a conversation, per <c>session.sendPolicy</c>.</summary>
public enum SendAction
{
    /// <summary>Replies are delivered.</summary>
    Allow,

    /// <summary>Replies are withheld.</summary>
    Deny,
}
