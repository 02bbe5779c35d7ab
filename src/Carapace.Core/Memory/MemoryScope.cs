using Carapace.Core.Messages;

namespace Carapace.Core.Memory;

/// <summary>
/// Who is asking, for every memory read and write. Derived from a <see cref="Routing.Route"/> only; no memory API
/// exists without one, so one person's memory cannot reach a prompt built for somebody else.
/// </summary>
public sealed record MemoryScope
{
    /// <summary>The agent whose memory this is.</summary>
    public required string AgentId { get; init; }

    /// <summary>The person (route identity) the memory belongs to.</summary>
    public required string Identity { get; init; }

    /// <summary>The chat type of the conversation asking.</summary>
    public required ChatType ChatType { get; init; }

    /// <summary>True when the person is one of the configured owners.</summary>
    public required bool IsOwner { get; init; }

    /// <summary>For group and channel chats, the conversation id <c>&lt;channel&gt;:&lt;kind&gt;:&lt;peerId&gt;</c>; null in direct chats.</summary>
    public string? GroupId { get; init; }

    /// <summary>The session asking (for transcript-sourced memory and audit rows).</summary>
    public required string SessionKey { get; init; }

    /// <summary>The owner's private workspace files (MEMORY.md, daily logs) reach only the owner's direct chats.</summary>
    public bool MayReadOwnerFiles => IsOwner && ChatType == ChatType.Direct;

    /// <summary>Builds the scope of a route's conversation.</summary>
    public static MemoryScope For(string agentId, string identity, bool isOwner, ChatType chatType, string sessionKey, string? groupId) => new()
    {
        AgentId = agentId,
        Identity = identity,
        IsOwner = isOwner,
        ChatType = chatType,
        SessionKey = sessionKey,
        GroupId = chatType == ChatType.Direct ? null : groupId,
    };
}
