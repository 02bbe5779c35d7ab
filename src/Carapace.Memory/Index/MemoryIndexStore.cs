using Carapace.Memory.Chunking;
using Microsoft.Data.Sqlite;

namespace Carapace.Memory.Index;

/// <summary>
/// The SQLite file of one agent's memory index. One connection behind a lock: SQLite serialises writers anyway, and
/// searches are a couple of indexed lookups. Everything here is synchronous and short; callers own the threading.
/// </summary>
internal sealed partial class MemoryIndexStore : IDisposable
{
    private const int MaxRememberedTerms = 10_000;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Term, int Cap), (int Count, long DeletedAt)> _postings = [];
    private long _deleted;
    private HashSet<string>? _scopes;
    private long? _newestSegment;

    private MemoryIndexStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    public static MemoryIndexStore Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = IndexSchema.Open(path);
        IndexSchema.Create(connection);
        return new MemoryIndexStore(path, connection);
    }

    public string? GetMeta(string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT value FROM meta WHERE key = $k", ("$k", key));
            return command.ExecuteScalar() as string;
        }
    }

    public void SetMeta(string key, string value)
    {
        lock (_gate)
        {
            using var command = Command("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));
            command.ExecuteNonQuery();
        }
    }

    public Dictionary<string, (string Hash, long Mtime, long Size)> Files()
    {
        lock (_gate)
        {
            using var command = Command("SELECT path, hash, mtime, size FROM files");
            using var reader = command.ExecuteReader();
            var files = new Dictionary<string, (string, long, long)>(StringComparer.Ordinal);
            while (reader.Read())
            {
                files[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
            }

            return files;
        }
    }

    /// <summary>Replaces a file's rows in one transaction; returns the new segments' ids and hashes, and the ids removed.</summary>
    public (List<(long Id, string Hash)> Added, List<long> Removed) ReplaceFile(MemoryDocument doc, string hash, IReadOnlyList<MemoryChunk> chunks, DateOnly? day, long now)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var removedTexts = SegmentTextsOf(doc.Path);
            var removed = DeleteFileRows(doc.Path);
            var added = new List<(long, string)>();
            var addedTexts = _termSegments is null ? null : new List<string>();
            foreach (var chunk in chunks)
            {
                using var insert = Command(
                    "INSERT INTO chunks(path, source, scope, start_line, end_line, hash, text, day, updated_at) VALUES ($p, $s, $sc, $a, $b, $h, $t, $d, $u) RETURNING id",
                    ("$p", doc.Path), ("$s", doc.Source), ("$sc", doc.Scope), ("$a", chunk.StartLine), ("$b", chunk.EndLine),
                    ("$h", chunk.Hash), ("$t", chunk.Text), ("$d", day?.DayNumber), ("$u", now));
                var chunkId = (long)insert.ExecuteScalar()!;
                foreach (var segment in chunk.Segments)
                {
                    using var seg = Command(
                        "INSERT INTO segments(chunk_id, start_line, end_line, offset, length, ctx_offset, ctx_length, hash) VALUES ($c, $a, $b, $o, $l, $co, $cl, $h) RETURNING id",
                        ("$c", chunkId), ("$a", segment.StartLine), ("$b", segment.EndLine), ("$o", segment.Offset), ("$l", segment.Length),
                        ("$co", segment.ContextOffset), ("$cl", segment.ContextLength), ("$h", segment.Hash));
                    var segmentId = (long)seg.ExecuteScalar()!;
                    added.Add((segmentId, segment.Hash));
                    var text = chunk.Text.Substring(segment.Offset, segment.Length);
                    using var fts = Command("INSERT INTO segments_fts(rowid, text) VALUES ($id, $t)", ("$id", segmentId), ("$t", text));
                    fts.ExecuteNonQuery();
                    addedTexts?.Add(text);
                }
            }

            using (var file = Command(
                "INSERT INTO files(path, source, scope, hash, mtime, size) VALUES ($p, $s, $sc, $h, $m, $z) ON CONFLICT(path) DO UPDATE SET source = excluded.source, scope = excluded.scope, hash = excluded.hash, mtime = excluded.mtime, size = excluded.size",
                ("$p", doc.Path), ("$s", doc.Source), ("$sc", doc.Scope), ("$h", hash), ("$m", doc.ModifiedAt.ToUnixTimeMilliseconds()), ("$z", doc.Size)))
            {
                file.ExecuteNonQuery();
            }

            tx.Commit();
            Committed(removed, removedTexts, added.ConvertAll(a => a.Item1), addedTexts, doc.Scope);
            return (added, removed);
        }
    }

    /// <summary>Records a new mtime/size for a file whose content hash did not change.</summary>
    public void TouchFile(MemoryDocument doc)
    {
        lock (_gate)
        {
            using var command = Command("UPDATE files SET mtime = $m, size = $z WHERE path = $p", ("$p", doc.Path), ("$m", doc.ModifiedAt.ToUnixTimeMilliseconds()), ("$z", doc.Size));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes a file and its chunks; returns the removed segment ids.</summary>
    public List<long> RemoveFile(string path)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var removedTexts = SegmentTextsOf(path);
            var removed = DeleteFileRows(path);
            using var command = Command("DELETE FROM files WHERE path = $p", ("$p", path));
            command.ExecuteNonQuery();
            tx.Commit();
            Committed(removed, removedTexts, [], null, "");
            return removed;
        }
    }

    public Dictionary<string, float[]> CachedEmbeddings(string model, IEnumerable<string> hashes)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
            using var command = Command("SELECT embedding, dims FROM embedding_cache WHERE model = $m AND hash = $h", ("$m", model), ("$h", ""));
            foreach (var hash in hashes.Distinct())
            {
                command.Parameters["$h"].Value = hash;
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    found[hash] = VectorBlob.Decode((byte[])reader[0], reader.GetInt32(1));
                }
            }

            return found;
        }
    }

    public void CacheEmbeddings(string model, IReadOnlyDictionary<string, float[]> vectors, long now)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var command = Command(
                "INSERT OR REPLACE INTO embedding_cache(model, hash, dims, embedding, updated_at) VALUES ($m, $h, $d, $e, $u)",
                ("$m", model), ("$h", ""), ("$d", 0), ("$e", Array.Empty<byte>()), ("$u", now));
            foreach (var (hash, vector) in vectors)
            {
                command.Parameters["$h"].Value = hash;
                command.Parameters["$d"].Value = vector.Length;
                command.Parameters["$e"].Value = VectorBlob.Encode(vector);
                command.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>Segments whose text has no vector of the model yet (embedding failed or was off), with the text to embed.</summary>
    public List<(long Id, string Scope, string Hash, string Text)> SegmentsWithoutVector(string model)
    {
        lock (_gate)
        {
            using var command = Command(
                "SELECT s.id, c.scope, s.hash, s.chunk_id, c.text, s.ctx_offset, s.ctx_length FROM segments s JOIN chunks c ON c.id = s.chunk_id WHERE NOT EXISTS (SELECT 1 FROM embedding_cache e WHERE e.model = $m AND e.hash = s.hash)",
                ("$m", model));
            using var reader = command.ExecuteReader();
            var list = new List<(long, string, string, string)>();
            var chunk = new ChunkText();
            while (reader.Read())
            {
                list.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), chunk.Slice(reader, 3)));
            }

            return list;
        }
    }

    /// <summary>Copies another index file's cached vectors of one model, so a rebuild re-embeds only new text.</summary>
    public void CopyEmbeddingCache(string otherPath, string model)
    {
        if (!File.Exists(otherPath))
        {
            return;
        }

        lock (_gate)
        {
            using var attach = Command("ATTACH DATABASE $p AS old", ("$p", otherPath));
            attach.ExecuteNonQuery();
            try
            {
                using var copy = Command("INSERT OR IGNORE INTO embedding_cache SELECT * FROM old.embedding_cache WHERE model = $m", ("$m", model));
                copy.ExecuteNonQuery();
            }
            finally
            {
                using var detach = Command("DETACH DATABASE old");
                detach.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Every segment's vector of one model, for loading the in-memory vector index.</summary>
    public List<(long Id, string Scope, float[] Vector)> Vectors(string model)
    {
        lock (_gate)
        {
            using var command = Command(
                "SELECT s.id, c.scope, e.embedding, e.dims FROM segments s JOIN chunks c ON c.id = s.chunk_id JOIN embedding_cache e ON e.model = $m AND e.hash = s.hash",
                ("$m", model));
            using var reader = command.ExecuteReader();
            var list = new List<(long, string, float[])>();
            while (reader.Read())
            {
                list.Add((reader.GetInt64(0), reader.GetString(1), VectorBlob.Decode((byte[])reader[2], reader.GetInt32(3))));
            }

            return list;
        }
    }

    /// <summary>Segments by segment id (<paramref name="byChunk"/> false) or all segments of the given chunks.</summary>
    public List<SegmentRow> Segments(IReadOnlyCollection<long> ids, bool byChunk)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        lock (_gate)
        {
            var column = byChunk ? "s.chunk_id" : "s.id";
            using var command = Command(
                $"SELECT s.id, s.chunk_id, c.path, c.source, c.scope, s.start_line, s.end_line, c.day, c.text, s.offset, s.length FROM segments s JOIN chunks c ON c.id = s.chunk_id WHERE {column} IN (SELECT value FROM json_each($ids)) ORDER BY s.chunk_id, s.id",
                ("$ids", "[" + string.Join(',', ids) + "]"));
            using var reader = command.ExecuteReader();
            var rows = new List<SegmentRow>();
            var chunk = new ChunkText();
            while (reader.Read())
            {
                DateOnly? day = reader.IsDBNull(7) ? null : DateOnly.FromDayNumber(reader.GetInt32(7));
                rows.Add(new SegmentRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), chunk.Slice(reader, 1, 8), day));
            }

            return rows;
        }
    }

    public (int Files, int Chunks, int Segments) Counts()
    {
        lock (_gate)
        {
            using var command = Command("SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM chunks), (SELECT count(*) FROM segments)");
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private List<long> DeleteFileRows(string path)
    {
        _scopes = null;
        _newestSegment = null;
        ForgetTermPostings();
        var removed = new List<long>();
        using (var select = Command("SELECT s.id FROM segments s JOIN chunks c ON c.id = s.chunk_id WHERE c.path = $p", ("$p", path)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        _deleted += removed.Count;
        foreach (var key in _postings.Where(p => p.Value.Count <= p.Key.Cap).Select(p => p.Key).ToList())
        {
            _postings.Remove(key);
        }

        using (var fts = Command("DELETE FROM segments_fts WHERE rowid IN (SELECT value FROM json_each($ids))", ("$ids", "[" + string.Join(',', removed) + "]")))
        {
            fts.ExecuteNonQuery();
        }

        using var delete = Command("DELETE FROM chunks WHERE path = $p", ("$p", path));
        delete.ExecuteNonQuery();
        return removed;
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>
    /// Cuts segment text out of chunk text in C#: segment offsets count UTF-16 units, and SQLite's substr counts code
    /// points, so an emoji before a segment would shift it. Rows of one chunk read its text once.
    /// </summary>
    private sealed class ChunkText
    {
        private long _chunk = -1;
        private string _text = "";

        /// <summary>The segment of the row: the chunk id at <paramref name="chunkColumn"/>, its text, offset and length from <paramref name="textColumn"/> on.</summary>
        public string Slice(SqliteDataReader reader, int chunkColumn, int textColumn)
        {
            var chunk = reader.GetInt64(chunkColumn);
            if (chunk != _chunk)
            {
                (_chunk, _text) = (chunk, reader.GetString(textColumn));
            }

            var offset = Math.Clamp(reader.GetInt32(textColumn + 1), 0, _text.Length);
            return _text.Substring(offset, Math.Clamp(reader.GetInt32(textColumn + 2), 0, _text.Length - offset));
        }

        /// <summary>As <see cref="Slice(SqliteDataReader, int, int)"/> with the text right after the chunk id.</summary>
        public string Slice(SqliteDataReader reader, int chunkColumn) => Slice(reader, chunkColumn, chunkColumn + 1);
    }
}
