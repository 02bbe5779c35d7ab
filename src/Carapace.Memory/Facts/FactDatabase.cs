using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Carapace.Memory.Facts;

/// <summary>
/// The fact file of one agent (<c>&lt;state&gt;/memory/&lt;agentId&gt;.facts.sqlite</c>, WAL): one connection used one
/// operation at a time, so a job's changes and their history rows commit together or not at all.
/// </summary>
internal sealed class FactDatabase : IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=NORMAL;
        PRAGMA secure_delete=ON;
        CREATE TABLE IF NOT EXISTS facts(
          id TEXT PRIMARY KEY, owner_key TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL, category TEXT, session_id TEXT,
          message_seqs TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS facts_owner ON facts(owner_key, deleted);
        CREATE INDEX IF NOT EXISTS facts_hash ON facts(owner_key, hash);
        CREATE TABLE IF NOT EXISTS history(
          id INTEGER PRIMARY KEY AUTOINCREMENT, fact_id TEXT NOT NULL, event TEXT NOT NULL, old_text TEXT, new_text TEXT,
          at TEXT NOT NULL, session_id TEXT, message_ids TEXT NOT NULL DEFAULT '');
        CREATE INDEX IF NOT EXISTS history_fact ON history(fact_id);
        CREATE TABLE IF NOT EXISTS embeddings(fact_id TEXT PRIMARY KEY, model TEXT NOT NULL, vector BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS capture_jobs(
          id INTEGER PRIMARY KEY AUTOINCREMENT, owner_key TEXT NOT NULL, payload TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, error TEXT,
          created_at TEXT NOT NULL, finished_at TEXT);
        CREATE INDEX IF NOT EXISTS capture_jobs_status ON capture_jobs(status, id);
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private FactDatabase(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    public static async Task<FactDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new FactDatabase(connection, path);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> alone on the connection, inside one transaction that commits only if it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(_connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a read alone on the connection.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(_connection).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static string Seqs(IReadOnlyList<long> seqs) => string.Join(',', seqs.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<long> Seqs(string text) =>
        text.Length == 0 ? [] : [.. text.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))];

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
