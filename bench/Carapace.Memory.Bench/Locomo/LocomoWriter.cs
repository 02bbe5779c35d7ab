using System.Globalization;
using System.Text;
using Carapace.Memory.Files;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>Writes a conversation as daily logs (one file per session date, one line per turn tagged with its dia_id), or its observations the same way.</summary>
internal static class LocomoWriter
{
    public static async Task WriteDialogAsync(LocomoConversation conversation, string workspace, CancellationToken cancellationToken)
    {
        foreach (var day in conversation.Sessions.GroupBy(s => DateOnly.FromDateTime(s.At)))
        {
            var text = new StringBuilder();
            foreach (var session in day)
            {
                text.Append(CultureInfo.InvariantCulture, $"## Session {session.Number} ({session.DateText})\n");
                foreach (var turn in session.Turns)
                {
                    var caption = turn.Caption is { Length: > 0 } c ? $" [shares {c}]" : "";
                    text.Append(CultureInfo.InvariantCulture, $"[{turn.DiaId}] {turn.Speaker}: {Flatten(turn.Text)}{caption}\n");
                }
            }

            await WriteAsync(workspace, day.Key, text.ToString(), cancellationToken);
        }
    }

    public static async Task WriteObservationsAsync(LocomoConversation conversation, string workspace, CancellationToken cancellationToken)
    {
        var dates = conversation.Sessions.ToDictionary(s => s.Number, s => DateOnly.FromDateTime(s.At));
        foreach (var day in conversation.Observations.Where(f => dates.ContainsKey(f.Session)).GroupBy(f => dates[f.Session]))
        {
            var text = new StringBuilder();
            foreach (var fact in day)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{string.Join(' ', fact.DiaIds)}] {fact.Speaker}: {Flatten(fact.Fact)}\n");
            }

            await WriteAsync(workspace, day.Key, text.ToString(), cancellationToken);
        }
    }

    private static async Task WriteAsync(string workspace, DateOnly day, string text, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workspace, MemoryPath.DailyLog(day));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, cancellationToken);
    }

    private static string Flatten(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
