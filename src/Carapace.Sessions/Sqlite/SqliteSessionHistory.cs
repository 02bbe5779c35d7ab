using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Sqlite;

/// <summary>The ended sessions of each key in <c>sessions.sqlite</c>, so old transcripts stay listable after a reset.</summary>
public sealed class SqliteSessionHistory(SqliteSessionDatabase database) : ISessionHistory
{
    private readonly SqliteSessionDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public ValueTask RecordAsync(SessionHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(_database.WriteAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO session_history (session_key, session_id, started_at, ended_at, reason, trigger_word, next_session_id)
                    VALUES ($key, $sid, $started, $ended, $reason, $trigger, $next)
                    ON CONFLICT (session_key, session_id) DO NOTHING;
                    """;
                command.Parameters.AddWithValue("$key", entry.SessionKey);
                command.Parameters.AddWithValue("$sid", entry.SessionId);
                command.Parameters.AddWithValue("$started", SqliteSessionDatabase.ToTicks(entry.StartedAt));
                command.Parameters.AddWithValue("$ended", SqliteSessionDatabase.ToTicks(entry.EndedAt));
                command.Parameters.AddWithValue("$reason", entry.Reason.ToString());
                command.Parameters.AddWithValue("$trigger", (object?)entry.Trigger ?? DBNull.Value);
                command.Parameters.AddWithValue("$next", entry.NextSessionId);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SessionHistoryEntry>> ListAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT session_id, started_at, ended_at, reason, trigger_word, next_session_id FROM session_history
            WHERE session_key = $key ORDER BY ended_at DESC, rowid DESC;
            """;
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<SessionHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new SessionHistoryEntry(
                sessionKey,
                reader.GetString(0),
                SqliteSessionDatabase.FromTicks(reader.GetInt64(1)),
                SqliteSessionDatabase.FromTicks(reader.GetInt64(2)),
                Enum.TryParse<RotationReason>(reader.GetString(3), out var reason)
                    ? reason
                    : throw new InvalidDataException($"session history of '{sessionKey}' has unknown reason '{reader.GetString(3)}'"),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5)));
        }

        return entries;
    }
}
