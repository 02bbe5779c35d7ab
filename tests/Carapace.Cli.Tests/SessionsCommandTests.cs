using System.CommandLine;
using Carapace.Cli.Commands;
using Carapace.Core.Messages;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Sqlite;

namespace Carapace.Cli.Tests;

public sealed class SessionsCommandTests : IAsyncLifetime
{
    private const string Key = "agent:main:telegram:direct:123";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "carapace-cli-tests", Guid.NewGuid().ToString("n"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(SessionsCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await root.Parse([.. args, "--state-dir", _stateDir]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private async Task<SessionEntry> SeedAsync(string key, string channel, ChatType chatType, DateTimeOffset lastActive, params string[] lines)
    {
        await using var database = await SqliteSessionDatabase.OpenAsync(_stateDir, CancellationToken.None);
        var entry = await new SqliteSessionStore(database).WriteAsync(
            new SessionEntry
            {
                Key = key,
                SessionId = Guid.NewGuid().ToString(),
                AgentId = "main",
                StartedAt = T0,
                LastInteractionAt = lastActive,
                Channel = channel,
                ChatType = chatType,
                InputTokens = 1234,
                OutputTokens = 56,
            },
            CancellationToken.None);
        var transcripts = new SqliteTranscriptStore(database);
        foreach (var line in lines)
        {
            await transcripts.AppendAsync(
                new TranscriptEntry { SessionId = entry!.SessionId, SessionKey = key, Kind = TranscriptKind.Message, Role = "user", Text = line, At = lastActive },
                CancellationToken.None);
        }

        return entry!;
    }

    [Fact]
    public async Task List_Sessions_PrintsATableMostRecentFirst()
    {
        var older = await SeedAsync(Key, "telegram", ChatType.Direct, T0);
        var newer = await SeedAsync("agent:main:discord:group:42", "discord", ChatType.Group, T0.AddHours(1));

        var (code, output, _) = await RunAsync("sessions", "list");

        Assert.Equal(0, code);
        Assert.Contains(older.SessionId, output, StringComparison.Ordinal);
        Assert.Contains("1234/56", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf(newer.Key, StringComparison.Ordinal) < output.IndexOf(older.Key, StringComparison.Ordinal), output);
        Assert.Contains("group", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NoDatabase_SaysSoWithoutCreatingIt()
    {
        var (code, _, error) = await RunAsync("sessions", "list");

        Assert.Equal(1, code);
        Assert.Contains("No sessions yet", error, StringComparison.Ordinal);
        Assert.Contains("CARAPACE_STATE_DIR", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_stateDir, SqliteSessionDatabase.FileName)));
    }

    [Fact]
    public async Task Show_Key_PrintsEntryHistoryAndTranscriptWithMarkupCharactersVerbatim()
    {
        var entry = await SeedAsync(Key, "telegram", ChatType.Direct, T0, "hello [red]not markup[/]", "second line [");
        await RunAsync("sessions", "reset", Key);
        await using (var database = await SqliteSessionDatabase.OpenAsync(_stateDir, CancellationToken.None))
        {
            var current = await new SqliteSessionStore(database).GetAsync(Key, CancellationToken.None);
            await new SqliteTranscriptStore(database).AppendAsync(
                new TranscriptEntry { SessionId = current!.SessionId, SessionKey = Key, Kind = TranscriptKind.Message, Role = "assistant", Text = "fresh start [b]", At = T0 },
                CancellationToken.None);
        }

        var (code, output, _) = await RunAsync("sessions", "show", Key);

        Assert.Equal(0, code);
        Assert.Contains("Earlier sessions", output, StringComparison.Ordinal);
        Assert.Contains(entry.SessionId, output, StringComparison.Ordinal);
        Assert.Contains("manual", output, StringComparison.Ordinal);
        Assert.Contains("fresh start [b]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not markup", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_KnownKey_PrintsOldAndNewIdAndKeepsOldTranscript()
    {
        var entry = await SeedAsync(Key, "telegram", ChatType.Direct, T0, "[red]keep me[/]");

        var (code, output, _) = await RunAsync("sessions", "reset", Key);

        await using var database = await SqliteSessionDatabase.OpenAsync(_stateDir, CancellationToken.None);
        var current = await new SqliteSessionStore(database).GetAsync(Key, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Contains($"{entry.SessionId} → {current!.SessionId}", output, StringComparison.Ordinal);
        Assert.NotEqual(entry.SessionId, current.SessionId);
        var old = await new SqliteTranscriptStore(database).ReadAsync(entry.SessionId, 0, CancellationToken.None);
        Assert.Equal("[red]keep me[/]", old[0].Text);
        Assert.Equal(TranscriptKind.Reset, old[^1].Kind);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("reset")]
    public async Task ShowOrReset_UnknownKey_ExitsWithOneAndNamesTheKey(string subcommand)
    {
        await SeedAsync(Key, "telegram", ChatType.Direct, T0);
        var (code, output, _) = await RunAsync("sessions", subcommand, "agent:main:nobody[x]");

        Assert.Equal(1, code);
        Assert.Contains("Unknown session key 'agent:main:nobody[x]'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_MissingKeyArgument_IsAParseError()
    {
        var (code, _, error) = await RunAsync("sessions", "show");
        Assert.NotEqual(0, code);
        Assert.Contains("Required argument missing for command: 'show'", error, StringComparison.Ordinal);
    }
}
