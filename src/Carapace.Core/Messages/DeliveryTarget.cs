namespace Carapace.Core.Messages;

/// <summary>
/// Where a reply goes: the conversation of the message that caused it. It travels with its turn; there is no
/// shared "last route", so a reply can never land in someone else's chat.
/// </summary>
public sealed record DeliveryTarget(string Channel, string AccountId, Peer Peer, string? ThreadId = null, string? ReplyToMessageId = null);
