using System.Text.Json;
using System.Text.Json.Serialization;

namespace Carapace.Memory.Facts;

/// <summary>
/// The durable capture queue (<c>capture_jobs</c>): a job is written before the turn's hook returns and stays pending
/// until it is applied or given up on (with the reason), so a restart resumes whatever was not finished.
/// </summary>
internal sealed class CaptureQueue(FactDatabase db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<long> EnqueueAsync(string ownerKey, CaptureJob job, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            await using var command = FactDatabase.Command(c, tx,
                "INSERT INTO capture_jobs(owner_key, payload, created_at) VALUES($o,$p,$at) RETURNING id",
                ("$o", ownerKey), ("$p", JsonSerializer.Serialize(job, Json)), ("$at", FactDatabase.Time(time.GetUtcNow())));
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    /// <summary>The oldest pending job; a payload that no longer parses is marked failed and skipped.</summary>
    public async Task<(long Id, CaptureJob Job)?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await db.ReadAsync<(long, string)?>(async c =>
            {
                await using var command = FactDatabase.Command(c, null, "SELECT id, payload FROM capture_jobs WHERE status='pending' ORDER BY id LIMIT 1");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetString(1)) : null;
            }, cancellationToken).ConfigureAwait(false);
            if (row is not var (id, payload))
            {
                return null;
            }

            try
            {
                if (JsonSerializer.Deserialize<CaptureJob>(payload, Json) is { } job)
                {
                    return (id, job);
                }

                await FinishAsync(id, "failed", "the stored job is empty", cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                await FinishAsync(id, "failed", "the stored job does not parse: " + e.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task FinishAsync(long id, string status, string? error, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            await using var command = FactDatabase.Command(c, tx,
                "UPDATE capture_jobs SET status=$s, error=$e, attempts=attempts+1, finished_at=$at WHERE id=$id",
                ("$id", id), ("$s", status), ("$e", error), ("$at", FactDatabase.Time(time.GetUtcNow())));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>How many jobs are in each state.</summary>
    public Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyDictionary<string, int>>(async c =>
        {
            await using var command = FactDatabase.Command(c, null, "SELECT status, COUNT(*) FROM capture_jobs GROUP BY status");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }

            return counts;
        }, cancellationToken);

    /// <summary>The reason each failed job was given up on, oldest first.</summary>
    public Task<IReadOnlyList<string>> FailuresAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<string>>(async c =>
        {
            await using var command = FactDatabase.Command(c, null, "SELECT error FROM capture_jobs WHERE status='failed' ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
            }

            return list;
        }, cancellationToken);
}
