namespace Carapace.Gateway.Clients.Wire;

/// <summary>One row of a <c>sessions</c> frame: enough for a client to list conversations without reading transcripts.</summary>
public sealed record SessionInfo(
    string Key,
    string SessionId,
    string Channel,
    string ChatType,
    DateTimeOffset StartedAt,
    DateTimeOffset LastInteractionAt,
    long InputTokens,
    long OutputTokens);
