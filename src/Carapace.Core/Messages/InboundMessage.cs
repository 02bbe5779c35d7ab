namespace Carapace.Core.Messages;

/// <summary>
/// One message as a channel adapter received it: raw provider ids only. It deliberately has no session key,
/// agent or memory scope, so an adapter cannot choose a session even by mistake; the router derives those.
/// </summary>
public sealed record InboundMessage
{
    /// <summary>Channel name, e.g. <c>telegram</c>, <c>crabcallr</c>, <c>tui</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The channel account (bot) that received the message; null means the default account.</summary>
    public string? AccountId { get; init; }

    /// <summary>The conversation: the person for direct chats, the group or room otherwise.</summary>
    public required Peer Peer { get; init; }

    /// <summary>The provider id of the person who wrote the message (equals the peer id in direct chats).</summary>
    public required string SenderId { get; init; }

    /// <summary>The message text.</summary>
    public required string Text { get; init; }

    /// <summary>Thread or topic id, when the channel has threads.</summary>
    public string? ThreadId { get; init; }

    /// <summary>When the gateway received the message, taken from a <see cref="TimeProvider"/> at the edge.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The provider's message id, used to make redelivery idempotent.</summary>
    public string? ChannelMessageId { get; init; }

    /// <summary>The parent conversation of a thread (for parent-peer bindings).</summary>
    public Peer? ParentPeer { get; init; }

    /// <summary>Discord guild id, for guild bindings.</summary>
    public string? GuildId { get; init; }

    /// <summary>Slack team id, for team bindings.</summary>
    public string? TeamId { get; init; }

    /// <summary>The sender's role ids in the guild, for guild+roles bindings.</summary>
    public IReadOnlyList<string> MemberRoleIds { get; init; } = [];
}
