using Carapace.Sessions.Sqlite;

namespace Carapace.Sessions.Tests;

/// <summary>A real <c>sessions.sqlite</c> in a fresh temp directory, deleted afterwards.</summary>
internal sealed class TempSessionDatabase : IAsyncDisposable
{
    private TempSessionDatabase(string directory, SqliteSessionDatabase database)
    {
        Directory = directory;
        Database = database;
        Sessions = new SqliteSessionStore(database);
        Transcripts = new SqliteTranscriptStore(database);
        History = new SqliteSessionHistory(database);
    }

    public string Directory { get; }

    public SqliteSessionDatabase Database { get; private set; }

    public SqliteSessionStore Sessions { get; private set; }

    public SqliteTranscriptStore Transcripts { get; private set; }

    public SqliteSessionHistory History { get; private set; }

    public static string NewDirectory() =>
        Path.Combine(Path.GetTempPath(), "carapace-sessions-tests", Guid.NewGuid().ToString("n"));

    public static async Task<TempSessionDatabase> CreateAsync()
    {
        var directory = NewDirectory();
        return new TempSessionDatabase(directory, await SqliteSessionDatabase.OpenAsync(directory, CancellationToken.None));
    }

    /// <summary>Closes the file and opens it again, as a restarted process would.</summary>
    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = await SqliteSessionDatabase.OpenAsync(Directory, CancellationToken.None);
        Sessions = new SqliteSessionStore(Database);
        Transcripts = new SqliteTranscriptStore(Database);
        History = new SqliteSessionHistory(Database);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
