namespace Carapace.Core.Channels;

/// <summary>A snapshot of a channel's connection for <c>carapace channels status</c>.</summary>
public sealed record ChannelStatus(string Channel, string AccountId, bool Connected, int ReconnectAttempts, int ActiveConversations, string? LastError);
