// Appends a burst of transcript lines to <directory>/sessions.sqlite and prints "<seq> <text>" for each append that
// returned. The crash test kills this process mid-burst and checks that every printed (acknowledged) line survived.
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Sqlite;

if (args.Length != 3 || !int.TryParse(args[2], out var count))
{
    Console.Error.WriteLine("usage: Carapace.Sessions.CrashProbe <directory> <session-id> <count>");
    return 2;
}

await using var database = await SqliteSessionDatabase.OpenAsync(args[0], CancellationToken.None);
var transcripts = new SqliteTranscriptStore(database);
for (var i = 0; i < count; i++)
{
    var line = await transcripts.AppendAsync(
        new TranscriptEntry
        {
            SessionId = args[1],
            SessionKey = "agent:main:crash:direct:probe",
            Kind = TranscriptKind.Message,
            Role = "user",
            Text = ProbeText(i),
            At = TimeProvider.System.GetUtcNow(),
            ChannelMessageId = $"m{i}",
        },
        CancellationToken.None);
    Console.Out.WriteLine($"{line.Seq} {line.Text}");
}

return 0;

static string ProbeText(int i) => $"burst-{i:D7}-" + new string((char)('a' + (i % 26)), 64 + (i % 100));
