namespace Carapace.Sessions.Abstractions;

/// <summary>The earlier session ids of a key, so that a reset never makes an old conversation unreachable.</summary>
public interface ISessionHistory
{
    /// <summary>Records that a session id of a key ended, and why.</summary>
    ValueTask RecordAsync(SessionHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>The ended sessions of a key, most recently ended first.</summary>
    ValueTask<IReadOnlyList<SessionHistoryEntry>> ListAsync(string sessionKey, CancellationToken cancellationToken);
}
