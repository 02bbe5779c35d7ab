using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Facts;

/// <summary>
/// Facts, their history and their embeddings for one agent. Every call names the owner key, and a fact id of another
/// pool is treated exactly like an id that does not exist. A batch of changes commits as one transaction.
/// </summary>
internal sealed class FactStore(FactDatabase db, IEmbeddingGenerator<string, Embedding<float>>? generator, string modelId, TimeProvider time)
{
    private const string Columns = "id, owner_key, text, hash, created_at, updated_at, category, session_id, message_seqs, deleted";

    /// <summary>Raised after a pool changed, with each changed fact (deleted ones marked) and its new vector, so cached search state follows.</summary>
    public event Action<string, IReadOnlyList<(Fact Fact, float[]? Vector)>>? Changed;

    public string ModelId => modelId;

    public static string HashOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', text.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))));

    public Task<Fact?> GetAsync(string ownerKey, string id, CancellationToken cancellationToken) =>
        db.ReadAsync(c => FindAsync(c, null, ownerKey, id, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Fact>> ListAsync(string ownerKey, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<Fact>>(async c =>
        {
            await using var command = FactDatabase.Command(c, null, $"SELECT {Columns} FROM facts WHERE owner_key=$o AND deleted=0 ORDER BY created_at, id", ("$o", ownerKey));
            return await ReadFactsAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The history of a fact of this pool (also after deletion); null when the pool has no such fact.</summary>
    public Task<IReadOnlyList<FactHistoryEntry>?> HistoryAsync(string ownerKey, string id, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<FactHistoryEntry>?>(async c =>
        {
            if (await FindAsync(c, null, ownerKey, id, cancellationToken, includeDeleted: true).ConfigureAwait(false) is null)
            {
                return null;
            }

            await using var command = FactDatabase.Command(c, null, "SELECT event, old_text, new_text, at, session_id, message_ids FROM history WHERE fact_id=$id ORDER BY id", ("$id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<FactHistoryEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new FactHistoryEntry(
                    id, Enum.Parse<FactEvent>(reader.GetString(0), ignoreCase: true), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), FactDatabase.Time(reader.GetString(3)),
                    new FactSource(reader.IsDBNull(4) ? null : reader.GetString(4), FactDatabase.Seqs(reader.GetString(5)))));
            }

            return rows;
        }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> in one transaction with a history row each: an exact repeat of a live fact is
    /// skipped; an update or delete of an id this pool does not hold throws <see cref="KeyNotFoundException"/> and nothing is applied.
    /// </summary>
    public async Task<IReadOnlyList<Fact>> ApplyAsync(string ownerKey, IReadOnlyList<FactChange> changes, FactSource source, DateTimeOffset said, CancellationToken cancellationToken)
    {
        var texts = changes.Where(c => c.Text is not null).Select(c => c.Text!).Distinct(StringComparer.Ordinal).ToList();
        var vectors = await EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var applied = await db.WriteAsync<IReadOnlyList<Fact>>(async (c, tx) =>
        {
            var done = new List<Fact>();
            foreach (var change in changes)
            {
                if (await ApplyOneAsync(c, tx, ownerKey, change, source, said, now, vectors, cancellationToken).ConfigureAwait(false) is { } fact)
                {
                    done.Add(fact);
                }
            }

            return done;
        }, cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(ownerKey, [.. applied.Select(f => (f, vectors.GetValueOrDefault(f.Text)))]);
        return applied;
    }

    /// <summary>Forgets a fact: its text is wiped from the fact, its history rows and the index; one FORGET row remains.</summary>
    public async Task<bool> ForgetAsync(string ownerKey, string id, FactSource source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var forgotten = await db.WriteAsync(async (c, tx) =>
        {
            if (await FindAsync(c, tx, ownerKey, id, cancellationToken).ConfigureAwait(false) is not { } fact)
            {
                return null;
            }

            await ExecAsync(c, tx, "UPDATE facts SET text='', deleted=1, updated_at=$now WHERE id=$id", cancellationToken, ("$id", id), ("$now", FactDatabase.Time(now)));
            await ExecAsync(c, tx, "UPDATE history SET old_text=NULL, new_text=NULL WHERE fact_id=$id", cancellationToken, ("$id", id));
            await ExecAsync(c, tx, "DELETE FROM embeddings WHERE fact_id=$id", cancellationToken, ("$id", id));
            await HistoryRowAsync(c, tx, id, FactEvent.Forget, null, null, now, source, cancellationToken).ConfigureAwait(false);
            return fact with { Text = "", Deleted = true, UpdatedAt = now };
        }, cancellationToken).ConfigureAwait(false);
        if (forgotten is not null)
        {
            Changed?.Invoke(ownerKey, [(forgotten, null)]);
        }

        return forgotten is not null;
    }

    /// <summary>The live facts of a pool with their vectors; facts embedded by another model (or never) are embedded now.</summary>
    public async Task<IReadOnlyList<(Fact Fact, float[]? Vector)>> LoadForSearchAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var rows = await db.ReadAsync<List<(Fact, float[]?)>>(async c =>
        {
            await using var command = FactDatabase.Command(c, null,
                $"SELECT {string.Join(", ", Columns.Split(", ").Select(x => "f." + x))}, e.model, e.vector FROM facts f LEFT JOIN embeddings e ON e.fact_id=f.id WHERE f.owner_key=$o AND f.deleted=0",
                ("$o", ownerKey));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<(Fact, float[]?)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var vector = !reader.IsDBNull(10) && reader.GetString(10) == modelId ? MemoryMarshal.Cast<byte, float>((byte[])reader[11]).ToArray() : null;
                list.Add((ReadFact(reader), vector));
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        var missing = rows.Where(r => r.Item2 is null).Select(r => r.Item1).ToList();
        if (generator is null || missing.Count == 0)
        {
            return rows;
        }

        var vectors = await EmbedAsync(missing.Select(f => f.Text).Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
        await db.WriteAsync(async (c, tx) =>
        {
            foreach (var fact in missing)
            {
                await StoreVectorAsync(c, tx, fact.Id, vectors[fact.Text], cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Item1, r.Item2 ?? vectors[r.Item1.Text]))];
    }

    /// <summary>Embeds texts (as documents); empty when there is no generator.</summary>
    public async Task<Dictionary<string, float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken, bool asQuery = false)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (generator is null || texts.Count == 0)
        {
            return result;
        }

        var options = asQuery ? Embeddings.LocalEmbeddingGenerator.QueryOptions : null;
        var embedded = await generator.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < texts.Count; i++)
        {
            result[texts[i]] = embedded[i].Vector.ToArray();
        }

        return result;
    }

    private async Task<Fact?> ApplyOneAsync(
        SqliteConnection c, SqliteTransaction tx, string ownerKey, FactChange change, FactSource source, DateTimeOffset said, DateTimeOffset now,
        Dictionary<string, float[]> vectors, CancellationToken cancellationToken)
    {
        if (change.Event == FactEvent.Add)
        {
            var text = change.Text!.Trim();
            var hash = HashOf(text);
            await using var dup = FactDatabase.Command(c, tx, "SELECT 1 FROM facts WHERE owner_key=$o AND hash=$h AND deleted=0", ("$o", ownerKey), ("$h", hash));
            if (await dup.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return null;
            }

            var fact = new Fact
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                OwnerKey = ownerKey, Text = text, Hash = hash, CreatedAt = change.CreatedAt ?? said, UpdatedAt = now, Category = change.Category, Source = source,
            };
            await ExecAsync(c, tx, $"INSERT INTO facts({Columns}) VALUES($id,$o,$t,$h,$c,$u,$cat,$s,$m,0)", cancellationToken,
                ("$id", fact.Id), ("$o", ownerKey), ("$t", text), ("$h", hash), ("$c", FactDatabase.Time(fact.CreatedAt)), ("$u", FactDatabase.Time(now)),
                ("$cat", change.Category), ("$s", source.SessionId), ("$m", FactDatabase.Seqs(source.MessageSeqs)));
            await AfterWriteAsync(c, tx, fact, FactEvent.Add, null, vectors, now, source, cancellationToken).ConfigureAwait(false);
            return fact;
        }

        var existing = await FindAsync(c, tx, ownerKey, change.FactId ?? "", cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"fact '{change.FactId}' does not exist");
        if (change.Event == FactEvent.Delete)
        {
            await ExecAsync(c, tx, "UPDATE facts SET deleted=1, updated_at=$u WHERE id=$id", cancellationToken, ("$id", existing.Id), ("$u", FactDatabase.Time(now)));
            await ExecAsync(c, tx, "DELETE FROM embeddings WHERE fact_id=$id", cancellationToken, ("$id", existing.Id));
            await HistoryRowAsync(c, tx, existing.Id, FactEvent.Delete, existing.Text, null, now, source, cancellationToken).ConfigureAwait(false);
            return existing with { Deleted = true, UpdatedAt = now };
        }

        var updated = existing with { Text = change.Text!.Trim(), Hash = HashOf(change.Text!), UpdatedAt = now };
        await ExecAsync(c, tx, "UPDATE facts SET text=$t, hash=$h, updated_at=$u WHERE id=$id", cancellationToken,
            ("$id", existing.Id), ("$t", updated.Text), ("$h", updated.Hash), ("$u", FactDatabase.Time(now)));
        await AfterWriteAsync(c, tx, updated, FactEvent.Update, existing.Text, vectors, now, source, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    private async Task AfterWriteAsync(
        SqliteConnection c, SqliteTransaction tx, Fact fact, FactEvent what, string? oldText, Dictionary<string, float[]> vectors, DateTimeOffset now, FactSource source,
        CancellationToken cancellationToken)
    {
        if (vectors.TryGetValue(fact.Text, out var vector))
        {
            await StoreVectorAsync(c, tx, fact.Id, vector, cancellationToken).ConfigureAwait(false);
        }

        await HistoryRowAsync(c, tx, fact.Id, what, oldText, fact.Text, now, source, cancellationToken).ConfigureAwait(false);
    }

    private Task StoreVectorAsync(SqliteConnection c, SqliteTransaction tx, string id, float[] vector, CancellationToken cancellationToken) =>
        ExecAsync(c, tx, "INSERT OR REPLACE INTO embeddings(fact_id, model, vector) VALUES($id,$m,$v)", cancellationToken,
            ("$id", id), ("$m", modelId), ("$v", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()));

    private static Task HistoryRowAsync(
        SqliteConnection c, SqliteTransaction tx, string id, FactEvent what, string? oldText, string? newText, DateTimeOffset at, FactSource source, CancellationToken cancellationToken) =>
        ExecAsync(c, tx, "INSERT INTO history(fact_id, event, old_text, new_text, at, session_id, message_ids) VALUES($id,$e,$o,$n,$at,$s,$m)", cancellationToken,
            ("$id", id), ("$e", what.ToString().ToUpperInvariant()), ("$o", oldText), ("$n", newText), ("$at", FactDatabase.Time(at)),
            ("$s", source.SessionId), ("$m", FactDatabase.Seqs(source.MessageSeqs)));

    private static async Task ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = FactDatabase.Command(c, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Fact?> FindAsync(SqliteConnection c, SqliteTransaction? tx, string ownerKey, string id, CancellationToken cancellationToken, bool includeDeleted = false)
    {
        await using var command = FactDatabase.Command(c, tx,
            $"SELECT {Columns} FROM facts WHERE id=$id AND owner_key=$o" + (includeDeleted ? "" : " AND deleted=0"), ("$id", id), ("$o", ownerKey));
        return (await ReadFactsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<Fact>> ReadFactsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var facts = new List<Fact>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            facts.Add(ReadFact(reader));
        }

        return facts;
    }

    private static Fact ReadFact(SqliteDataReader r) => new()
    {
        Id = r.GetString(0), OwnerKey = r.GetString(1), Text = r.GetString(2), Hash = r.GetString(3),
        CreatedAt = FactDatabase.Time(r.GetString(4)), UpdatedAt = FactDatabase.Time(r.GetString(5)),
        Category = r.IsDBNull(6) ? null : r.GetString(6),
        Source = new FactSource(r.IsDBNull(7) ? null : r.GetString(7), FactDatabase.Seqs(r.GetString(8))),
        Deleted = r.GetInt64(9) != 0,
    };
}
