using Microsoft.Data.Sqlite;

namespace Carapace.Memory.Index;

/// <summary>
/// The SQLite layout of a memory index. Vectors live in the embedding cache keyed by (model, segment hash), so a text
/// is embedded once, identical passages share a vector, and a model change can never mix vectors of two models.
/// Full-text search indexes segments (contentless, so text is stored once, in chunks) with Porter stemming: BM25 over
/// two-turn passages beat BM25 over 400-token chunks on LoCoMo, and "researching" must find "research".
/// A later facts table (automatic memory) sits beside these without touching them.
/// </summary>
internal static class IndexSchema
{
    /// <summary>The FTS5 tokenizer of segment text, and of queries when they are tokenized to score them (MemoryIndexStore.Ranked).</summary>
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private const string Sql = $"""
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS files (
            path TEXT PRIMARY KEY, source TEXT NOT NULL, scope TEXT NOT NULL,
            hash TEXT NOT NULL, mtime INTEGER NOT NULL, size INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY, path TEXT NOT NULL, source TEXT NOT NULL, scope TEXT NOT NULL,
            start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL,
            day INTEGER, updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
        CREATE TABLE IF NOT EXISTS segments (
            id INTEGER PRIMARY KEY, chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
            ctx_offset INTEGER NOT NULL, ctx_length INTEGER NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS segments_chunk ON segments(chunk_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS segments_fts USING fts5(
            text, content='', contentless_delete=1, tokenize='{Tokenizer}');
        CREATE TABLE IF NOT EXISTS embedding_cache (
            model TEXT NOT NULL, hash TEXT NOT NULL, dims INTEGER NOT NULL, embedding BLOB NOT NULL,
            updated_at INTEGER NOT NULL, PRIMARY KEY (model, hash));
        """;

    /// <summary>Opens a connection with foreign keys on.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the tables when missing.</summary>
    public static void Create(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
