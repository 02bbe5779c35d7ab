using Carapace.Sessions.Abstractions;
using Microsoft.Data.Sqlite;

namespace Carapace.Sessions.Sqlite;

/// <summary>Append-only transcripts in <c>sessions.sqlite</c>; an append is committed (in the WAL) before it returns.</summary>
public sealed class SqliteTranscriptStore(SqliteSessionDatabase database) : ITranscriptStore
{
    private const string Columns =
        "seq, session_id, session_key, kind, role, text, at, channel_message_id, tool_call_id, tool_name, metadata_json";

    private readonly SqliteSessionDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public ValueTask<TranscriptEntry> AppendAsync(TranscriptEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.SessionId);
        return new(_database.WriteAsync(
            async connection =>
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO transcript (session_id, session_key, kind, role, text, at, channel_message_id, tool_call_id, tool_name, metadata_json)
                    VALUES ($sid, $key, $kind, $role, $text, $at, $mid, $tcid, $tool, $meta)
                    ON CONFLICT DO NOTHING
                    RETURNING seq;
                    """;
                insert.Parameters.AddWithValue("$sid", entry.SessionId);
                insert.Parameters.AddWithValue("$key", entry.SessionKey);
                insert.Parameters.AddWithValue("$kind", entry.Kind.ToString());
                insert.Parameters.AddWithValue("$role", entry.Role);
                insert.Parameters.AddWithValue("$text", entry.Text);
                insert.Parameters.AddWithValue("$at", SqliteSessionDatabase.ToTicks(entry.At));
                insert.Parameters.AddWithValue("$mid", (object?)entry.ChannelMessageId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$tcid", (object?)entry.ToolCallId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$tool", (object?)entry.ToolName ?? DBNull.Value);
                insert.Parameters.AddWithValue("$meta", (object?)entry.MetadataJson ?? DBNull.Value);
                if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long seq)
                {
                    return entry with { Seq = seq };
                }

                await using var existing = connection.CreateCommand();
                existing.CommandText = $"SELECT {Columns} FROM transcript WHERE session_id = $sid AND channel_message_id = $mid;";
                existing.Parameters.AddWithValue("$sid", entry.SessionId);
                existing.Parameters.AddWithValue("$mid", entry.ChannelMessageId);
                await using var reader = await existing.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return Read(reader);
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TranscriptEntry>> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return QueryAsync(
            $"SELECT {Columns} FROM transcript WHERE session_id = $sid AND seq > $seq ORDER BY seq;", sessionId, afterSeq, -1, newestFirst: false, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TranscriptEntry>> ReadLastAsync(string sessionId, long throughSeq, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return QueryAsync(
            $"SELECT {Columns} FROM transcript WHERE session_id = $sid AND seq <= $seq ORDER BY seq DESC LIMIT $count;", sessionId, throughSeq, count, newestFirst: true, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<TranscriptEntry>> QueryAsync(string sql, string sessionId, long seq, int count, bool newestFirst, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$sid", sessionId);
        command.Parameters.AddWithValue("$seq", seq);
        command.Parameters.AddWithValue("$count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<TranscriptEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(Read(reader));
        }

        if (newestFirst)
        {
            lines.Reverse();
        }

        return lines;
    }

    private static TranscriptEntry Read(SqliteDataReader reader) => new()
    {
        Seq = reader.GetInt64(0),
        SessionId = reader.GetString(1),
        SessionKey = reader.GetString(2),
        Kind = Enum.TryParse<TranscriptKind>(reader.GetString(3), out var kind)
            ? kind
            : throw new InvalidDataException($"transcript line {reader.GetInt64(0)} has unknown kind '{reader.GetString(3)}'"),
        Role = reader.GetString(4),
        Text = reader.GetString(5),
        At = SqliteSessionDatabase.FromTicks(reader.GetInt64(6)),
        ChannelMessageId = reader.IsDBNull(7) ? null : reader.GetString(7),
        ToolCallId = reader.IsDBNull(8) ? null : reader.GetString(8),
        ToolName = reader.IsDBNull(9) ? null : reader.GetString(9),
        MetadataJson = reader.IsDBNull(10) ? null : reader.GetString(10),
    };
}
