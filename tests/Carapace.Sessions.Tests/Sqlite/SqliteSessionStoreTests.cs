using Carapace.Core.Messages;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Sqlite;
using Microsoft.Data.Sqlite;

namespace Carapace.Sessions.Tests.Sqlite;

public sealed class SqliteSessionStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    internal static SessionEntry Entry(string key, DateTimeOffset last) => new()
    {
        Key = key,
        SessionId = Guid.NewGuid().ToString(),
        AgentId = "main",
        StartedAt = T0,
        LastInteractionAt = last,
        Channel = "telegram",
        ChatType = ChatType.Direct,
    };

    [Fact]
    public async Task GetAsync_UnknownKey_ReturnsNull()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        Assert.Null(await db.Sessions.GetAsync("agent:main:main", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_NewEntry_RoundTripsEveryFieldAcrossReopen()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var entry = Entry("agent:main:telegram:group:-100", T0.AddTicks(12345)) with
        {
            StartedAt = new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.FromHours(-5)),
            ChatType = ChatType.Group,
            Origin = new DeliveryTarget("telegram", "bot-2", new Peer(ChatType.Group, "-100"), "topic 7", "m-1"),
            InputTokens = 10,
            OutputTokens = 20,
            ContextTokens = 30,
            CompactionCount = 2,
        };

        var written = await db.Sessions.WriteAsync(entry, CancellationToken.None);
        await db.ReopenAsync();
        var read = await db.Sessions.GetAsync(entry.Key, CancellationToken.None);

        Assert.Equal(entry with { Version = 1 }, written);
        Assert.Equal(written, read);
        Assert.Equal(entry.StartedAt, read!.StartedAt);
    }

    [Fact]
    public async Task WriteAsync_StaleVersion_ReturnsNullAndKeepsTheWinner()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var v1 = await db.Sessions.WriteAsync(Entry("k", T0), CancellationToken.None);
        var winner = await db.Sessions.WriteAsync(v1! with { InputTokens = 5 }, CancellationToken.None);
        var loser = await db.Sessions.WriteAsync(v1! with { InputTokens = 99 }, CancellationToken.None);

        Assert.Equal(2, winner!.Version);
        Assert.Null(loser);
        Assert.Equal(5, (await db.Sessions.GetAsync("k", CancellationToken.None))!.InputTokens);
    }

    [Fact]
    public async Task WriteAsync_NewEntryForExistingKey_Conflicts()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var first = await db.Sessions.WriteAsync(Entry("k", T0), CancellationToken.None);
        Assert.Null(await db.Sessions.WriteAsync(Entry("k", T0), CancellationToken.None));
        Assert.Equal(first, await db.Sessions.GetAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersOfOneVersion_ExactlyOneWins()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var v1 = await db.Sessions.WriteAsync(Entry("k", T0), CancellationToken.None);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(async () => await db.Sessions.WriteAsync(v1! with { InputTokens = i }, CancellationToken.None))));

        var won = Assert.Single(results, r => r is not null);
        Assert.Equal(won, await db.Sessions.GetAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_ManyKeys_MostRecentlyActiveFirst()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        await db.Sessions.WriteAsync(Entry("old", T0), CancellationToken.None);
        await db.Sessions.WriteAsync(Entry("newest", T0.AddHours(2)), CancellationToken.None);
        await db.Sessions.WriteAsync(Entry("middle", T0.AddHours(1)), CancellationToken.None);

        var keys = new List<string>();
        await foreach (var entry in db.Sessions.ListAsync(CancellationToken.None))
        {
            keys.Add(entry.Key);
        }

        Assert.Equal(["newest", "middle", "old"], keys);
    }

    [Fact]
    public async Task OpenAsync_File_UsesWalJournal()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        await using var connection = new SqliteConnection($"Data Source={db.Database.FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_NewerSchema_RefusesWithVersionsInTheMessage()
    {
        var directory = TempSessionDatabase.NewDirectory();
        try
        {
            await (await SqliteSessionDatabase.OpenAsync(directory, CancellationToken.None)).DisposeAsync();
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, SqliteSessionDatabase.FileName)};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE schema_version SET version = 99;";
                await command.ExecuteNonQueryAsync();
            }

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteSessionDatabase.OpenAsync(directory, CancellationToken.None));
            Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
            Assert.Contains("upgrade Carapace", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
