using System.CommandLine;
using Carapace.Core.Sessions;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Carapace.Sessions.Sqlite;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Carapace.Cli.Commands;

/// <summary><c>carapace sessions list|show|reset</c>: lets the owner see and reset conversations without starting the gateway.</summary>
public static class SessionsCommand
{
    /// <summary>Builds the <c>sessions</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "The state directory (default: $CARAPACE_STATE_DIR, else ~/.carapace).",
            Recursive = true,
        };
        var key = new Argument<string>("key") { Description = "The session key, e.g. agent:main:telegram:direct:123." };

        var list = new Command("list", "List sessions, most recently active first.");
        list.SetAction((parse, ct) => RunAsync(parse, stateDir, ListAsync, ct));

        var show = new Command("show", "Show a session, its earlier session ids and its current transcript.") { key };
        show.SetAction((parse, ct) => RunAsync(parse, stateDir, (db, console, token) => ShowAsync(db, console, parse.GetValue(key)!, token), ct));

        var reset = new Command("reset", "Start a new session for a key; the old transcript stays readable.") { key };
        reset.SetAction((parse, ct) => RunAsync(parse, stateDir, (db, console, token) => ResetAsync(db, console, parse.GetValue(key)!, token), ct));

        return new Command("sessions", "Inspect and reset conversations.") { stateDir, list, show, reset };
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Option<string?> stateDir, Func<SqliteSessionDatabase, IAnsiConsole, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 200; // no terminal to measure: do not wrap keys and ids at 80 columns
        }

        var directory = CarapacePaths.FromProcess(stateDirOption: parse.GetValue(stateDir)).StateDir;
        if (!File.Exists(Path.Combine(directory, SqliteSessionDatabase.FileName)))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"No sessions yet: {Path.Combine(directory, SqliteSessionDatabase.FileName)} does not exist (set --state-dir or CARAPACE_STATE_DIR to use another state directory).");
            return 1;
        }

        await using var database = await SqliteSessionDatabase.OpenAsync(directory, ct);
        return await action(database, console, ct);
    }

    private static int UnknownKey(IAnsiConsole console, string key)
    {
        console.Write(new Text($"Unknown session key '{key}'. Run 'carapace sessions list' to see the keys."));
        console.WriteLine();
        return 1;
    }

    private static async Task<int> ListAsync(SqliteSessionDatabase database, IAnsiConsole console, CancellationToken ct)
    {
        var table = new Table().Title("Sessions").AddColumns("Key", "Session", "Channel", "Chat", "Started", "Last active", "Tokens in/out");
        await foreach (var entry in new SqliteSessionStore(database).ListAsync(ct))
        {
            table.AddRow(Cells(
                entry.Key, entry.SessionId, entry.Channel, entry.ChatType.ToString().ToLowerInvariant(),
                Time(entry.StartedAt), Time(entry.LastInteractionAt), $"{entry.InputTokens}/{entry.OutputTokens}"));
        }

        if (table.Rows.Count == 0)
        {
            console.WriteLine("No sessions yet.");
            return 0;
        }

        console.Write(table);
        return 0;
    }

    private static async Task<int> ShowAsync(SqliteSessionDatabase database, IAnsiConsole console, string key, CancellationToken ct)
    {
        var entry = await new SqliteSessionStore(database).GetAsync(key, ct);
        if (entry is null)
        {
            return UnknownKey(console, key);
        }

        var facts = new Table().Title("Session").AddColumns("Field", "Value");
        foreach (var (name, value) in new[]
        {
            ("Key", entry.Key), ("Session", entry.SessionId), ("Agent", entry.AgentId), ("Channel", entry.Channel),
            ("Chat", entry.ChatType.ToString().ToLowerInvariant()), ("Started", Time(entry.StartedAt)),
            ("Last active", Time(entry.LastInteractionAt)), ("Tokens in/out", $"{entry.InputTokens}/{entry.OutputTokens}"),
            ("Context tokens", entry.ContextTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Compactions", entry.CompactionCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })
        {
            facts.AddRow(Cells(name, value));
        }

        console.Write(facts);
        var history = await new SqliteSessionHistory(database).ListAsync(key, ct);
        if (history.Count > 0)
        {
            var earlier = new Table().Title("Earlier sessions").AddColumns("Session", "Started", "Ended", "Reason");
            foreach (var h in history)
            {
                earlier.AddRow(Cells(h.SessionId, Time(h.StartedAt), Time(h.EndedAt), Reason(h.Reason, h.Trigger)));
            }

            console.Write(earlier);
        }

        var lines = await new SqliteTranscriptStore(database).ReadAsync(entry.SessionId, 0, ct);
        if (lines.Count == 0)
        {
            console.WriteLine("The current session has no transcript lines yet.");
            return 0;
        }

        var transcript = new Table().Title("Transcript").AddColumns("#", "Time", "Who", "Text");
        foreach (var line in lines)
        {
            var who = line.Kind == TranscriptKind.Message ? line.Role : $"{line.Role} ({line.Kind.ToString().ToLowerInvariant()})";
            transcript.AddRow(Cells(line.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Time(line.At), who, line.Text));
        }

        console.Write(transcript);
        return 0;
    }

    private static async Task<int> ResetAsync(SqliteSessionDatabase database, IAnsiConsole console, string key, CancellationToken ct)
    {
        var manager = new SessionManager(
            new SqliteSessionStore(database), new SqliteTranscriptStore(database), new SqliteSessionHistory(database),
            new SessionPolicyOptions(), TimeProvider.System, TimeZoneInfo.Local);
        var rotation = await manager.ResetAsync(key, ct);
        if (rotation is null)
        {
            return UnknownKey(console, key);
        }

        console.Write(new Text($"Reset {key}: {rotation.PreviousSessionId} → {rotation.SessionId}"));
        console.WriteLine();
        return 0;
    }

    // Text cells, never markup: keys and transcript lines may contain '[' and must print as written.
    private static IRenderable[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    private static string Time(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Reason(RotationReason reason, string? trigger) =>
        reason == RotationReason.Trigger ? $"trigger {trigger}" : reason.ToString().ToLowerInvariant();
}
