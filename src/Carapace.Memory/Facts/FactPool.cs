namespace Carapace.Memory.Facts;

/// <summary>How direct-chat facts are pooled (<c>memory.scope</c>); group chats always use the group's own pool.</summary>
public enum FactPool
{
    /// <summary>One pool per person (the route identity).</summary>
    PerIdentity,

    /// <summary>One pool for the whole agent, for single-user setups.</summary>
    Shared,
}
