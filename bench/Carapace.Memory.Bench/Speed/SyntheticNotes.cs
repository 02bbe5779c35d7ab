using System.Globalization;
using System.Text;
using Carapace.Memory.Files;

namespace Carapace.Memory.Bench.Speed;

/// <summary>Writes daily logs of plausible note lines (a Zipf-like vocabulary) until about the requested number of chunks.</summary>
internal static class SyntheticNotes
{
    private static readonly string[] Common = ["meeting", "with", "about", "the", "project", "decided", "to", "call", "next", "week", "budget", "plan", "for", "and", "a", "on", "review", "notes", "idea", "trip"];

    public static string Words(Random random, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : " ");
            text.Append(random.NextDouble() < 0.4 ? Common[random.Next(Common.Length)] : Word(random));
        }

        return text.ToString();
    }

    public static async Task WriteAsync(string workspace, int chunks, CancellationToken cancellationToken)
    {
        // ≈1600 weighted chars per chunk, 320 of them overlap: ≈1300 new characters per chunk.
        var random = new Random(42);
        var perFile = 40;
        var day = new DateOnly(2024, 1, 1);
        for (var written = 0; written < chunks; written += perFile)
        {
            var text = new StringBuilder();
            while (text.Length < perFile * 1300)
            {
                text.Append("- ").Append(Words(random, 12 + random.Next(12))).Append('\n');
            }

            var path = Path.Combine(workspace, MemoryPath.DailyLog(day));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
            day = day.AddDays(1);
        }
    }

    private static string Word(Random random)
    {
        // Zipf-like: low ranks far more frequent.
        var rank = (int)Math.Floor(Math.Pow(20_000, random.NextDouble()));
        return "w" + rank.ToString(CultureInfo.InvariantCulture);
    }
}
