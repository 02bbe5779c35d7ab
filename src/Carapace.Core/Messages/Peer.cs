namespace Carapace.Core.Messages;

/// <summary>The raw conversation partner as a channel reports it: a person, a group or a room, with the provider's id.</summary>
public sealed record Peer(ChatType Kind, string Id);
