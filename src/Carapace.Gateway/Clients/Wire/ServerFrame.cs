namespace Carapace.Gateway.Clients.Wire;

/// <summary>
/// Every frame the gateway sends to a client, as one record so a client reads any of them with one type:
/// <c>accepted</c> (the message is durable), <c>delta</c>, <c>final</c>, <c>error</c> and <c>sessions</c>.
/// </summary>
public sealed record ServerFrame
{
    /// <summary>accepted, delta, final, error or sessions.</summary>
    public required string Type { get; init; }

    /// <summary>The id of the client frame this answers; null only for errors about frames without a readable id.</summary>
    public string? Id { get; init; }

    /// <summary>accepted: the session the message landed in.</summary>
    public string? SessionKey { get; init; }

    /// <summary>accepted: the message's position in the durable transcript.</summary>
    public long? Seq { get; init; }

    /// <summary>delta: the next piece of the reply; final: the whole reply.</summary>
    public string? Text { get; init; }

    /// <summary>error: what was wrong, naming the field.</summary>
    public string? Message { get; init; }

    /// <summary>sessions: the stored sessions.</summary>
    public IReadOnlyList<SessionInfo>? Sessions { get; init; }

    /// <summary>The frame type names.</summary>
    public static class Types
    {
        public const string Accepted = "accepted";
        public const string Delta = "delta";
        public const string Final = "final";
        public const string Error = "error";
        public const string SessionsList = "sessions";
    }

    /// <summary>The message is on disk under this session key.</summary>
    public static ServerFrame Accepted(string id, string sessionKey, long seq) => new() { Type = Types.Accepted, Id = id, SessionKey = sessionKey, Seq = seq };

    /// <summary>A streamed piece of the reply.</summary>
    public static ServerFrame Delta(string? id, string text) => new() { Type = Types.Delta, Id = id, Text = text };

    /// <summary>The complete reply.</summary>
    public static ServerFrame Final(string? id, string text) => new() { Type = Types.Final, Id = id, Text = text };

    /// <summary>A problem with a frame or a turn; the connection stays up.</summary>
    public static ServerFrame Error(string? id, string message) => new() { Type = Types.Error, Id = id, Message = message };

    /// <summary>The answer to <c>sessions.list</c>.</summary>
    public static ServerFrame SessionList(string id, IReadOnlyList<SessionInfo> sessions) => new() { Type = Types.SessionsList, Id = id, Sessions = sessions };
}
