using Microsoft.Data.Sqlite;

namespace Carapace.Sessions.Sqlite;

/// <summary>
/// The single <c>sessions.sqlite</c> file that holds session entries, transcripts and session history.
/// Durability: WAL journal with <c>synchronous=NORMAL</c>. A write that returned is in the WAL file, so it survives a
/// crash or kill of the process; only an operating-system crash or power loss can drop the last commits.
/// Each operation takes its own pooled connection, so concurrent lanes never share one; writes from this process are
/// serialised by a gate, and other processes (the CLI) wait on SQLite's busy timeout.
/// </summary>
public sealed class SqliteSessionDatabase : IAsyncDisposable
{
    /// <summary>The file name inside the state directory.</summary>
    public const string FileName = "sessions.sqlite";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteSessionDatabase(string path)
    {
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating if needed) <c>sessions.sqlite</c> in a directory and brings its schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer Carapace with a schema this build does not know.</exception>
    public static async Task<SqliteSessionDatabase> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var database = new SqliteSessionDatabase(Path.Combine(directory, FileName));
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var create = connection.CreateCommand();
        create.CommandText = SessionSchema.Create + "SELECT max(version) FROM schema_version;";
        var found = await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (found is long version && version > SessionSchema.Version)
        {
            throw new InvalidOperationException(
                $"{database.FilePath} has schema version {version}, but this Carapace understands up to {SessionSchema.Version}; upgrade Carapace to open it.");
        }

        if (found is not long)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO schema_version (version) VALUES ($v);";
            insert.Parameters.AddWithValue("$v", SessionSchema.Version);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>Releases the pooled connections so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A pooled connection with the per-connection settings applied.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a write with this process's writes serialised, on its own connection.</summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await write(connection).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    internal static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    internal static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
