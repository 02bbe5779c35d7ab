using System.Runtime.CompilerServices;
using System.Text.Json;
using Carapace.Core.Messages;
using Carapace.Sessions.Abstractions;
using Microsoft.Data.Sqlite;

namespace Carapace.Sessions.Sqlite;

/// <summary>Session entries in <c>sessions.sqlite</c>, with optimistic concurrency on <see cref="SessionEntry.Version"/>.</summary>
public sealed class SqliteSessionStore(SqliteSessionDatabase database) : ISessionStore
{
    private const string Columns =
        "key, session_id, agent_id, started_at, last_interaction_at, channel, chat_type, origin_json, input_tokens, output_tokens, context_tokens, compaction_count, version";

    private readonly SqliteSessionDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public async ValueTask<SessionEntry?> GetAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE key = $key;";
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public ValueTask<SessionEntry?> WriteAsync(SessionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(_database.WriteAsync<SessionEntry?>(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = entry.Version == 0
                    ? $"INSERT INTO sessions ({Columns}) VALUES ($key, $sid, $agent, $started, $last, $channel, $chat, $origin, $in, $out, $ctx, $compactions, 1) ON CONFLICT (key) DO NOTHING;"
                    : """
                      UPDATE sessions SET session_id = $sid, agent_id = $agent, started_at = $started, last_interaction_at = $last,
                          channel = $channel, chat_type = $chat, origin_json = $origin, input_tokens = $in, output_tokens = $out,
                          context_tokens = $ctx, compaction_count = $compactions, version = version + 1
                      WHERE key = $key AND version = $version;
                      """;
                command.Parameters.AddWithValue("$key", entry.Key);
                command.Parameters.AddWithValue("$sid", entry.SessionId);
                command.Parameters.AddWithValue("$agent", entry.AgentId);
                command.Parameters.AddWithValue("$started", SqliteSessionDatabase.ToTicks(entry.StartedAt));
                command.Parameters.AddWithValue("$last", SqliteSessionDatabase.ToTicks(entry.LastInteractionAt));
                command.Parameters.AddWithValue("$channel", entry.Channel);
                command.Parameters.AddWithValue("$chat", entry.ChatType.ToKeyword());
                command.Parameters.AddWithValue("$origin", entry.Origin is null ? DBNull.Value : JsonSerializer.Serialize(entry.Origin));
                command.Parameters.AddWithValue("$in", entry.InputTokens);
                command.Parameters.AddWithValue("$out", entry.OutputTokens);
                command.Parameters.AddWithValue("$ctx", entry.ContextTokens);
                command.Parameters.AddWithValue("$compactions", entry.CompactionCount);
                command.Parameters.AddWithValue("$version", entry.Version);
                var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return changed == 1 ? entry with { Version = entry.Version + 1 } : null;
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SessionEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions ORDER BY last_interaction_at DESC, key;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static SessionEntry Read(SqliteDataReader reader) => new()
    {
        Key = reader.GetString(0),
        SessionId = reader.GetString(1),
        AgentId = reader.GetString(2),
        StartedAt = SqliteSessionDatabase.FromTicks(reader.GetInt64(3)),
        LastInteractionAt = SqliteSessionDatabase.FromTicks(reader.GetInt64(4)),
        Channel = reader.GetString(5),
        ChatType = ChatTypes.Parse(reader.GetString(6)) ?? ChatType.Direct,
        Origin = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<DeliveryTarget>(reader.GetString(7)),
        InputTokens = reader.GetInt64(8),
        OutputTokens = reader.GetInt64(9),
        ContextTokens = reader.GetInt64(10),
        CompactionCount = reader.GetInt32(11),
        Version = reader.GetInt64(12),
    };
}
