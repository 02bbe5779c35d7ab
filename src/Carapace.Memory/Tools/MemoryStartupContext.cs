using System.Text;
using Carapace.Core.Memory;
using Carapace.Memory.Files;

namespace Carapace.Memory.Tools;

/// <summary>
/// The prelude of a conversation started with /new or /reset: today's and yesterday's daily logs, at most 2000
/// characters per file and 4500 in total (OpenClaw's startup context). Owner-private: other scopes get an empty prelude.
/// </summary>
public static class MemoryStartupContext
{
    /// <summary>Characters kept per daily log.</summary>
    public const int MaxFileChars = 2000;

    /// <summary>Characters kept in total.</summary>
    public const int MaxTotalChars = 4500;

    /// <summary>Builds the prelude; empty when there are no logs or the scope may not read them.</summary>
    public static async Task<string> BuildAsync(MemoryScope scope, MemoryWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(workspace);
        if (!scope.MayReadOwnerFiles)
        {
            return "";
        }

        var text = new StringBuilder();
        var today = workspace.Today;
        foreach (var (day, label) in new[] { (today.AddDays(-1), "yesterday"), (today, "today") })
        {
            var file = await workspace.ReadAsync(scope, MemoryPath.DailyLog(day), null, null, cancellationToken).ConfigureAwait(false);
            var body = file.Text.Trim();
            if (file.Error is not null || body.Length == 0)
            {
                continue;
            }

            if (body.Length > MaxFileChars)
            {
                body = Cut(body, MaxFileChars) + "\n…(truncated; use memory_get for the rest)";
            }

            var section = $"### {file.Path} ({label})\n{body}\n\n";
            if (text.Length + section.Length > MaxTotalChars)
            {
                section = Cut(section, Math.Max(0, MaxTotalChars - text.Length));
            }

            text.Append(section);
        }

        return text.Length == 0 ? "" : "## Recent daily memory\n" + text.ToString().TrimEnd();
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max;
        if (cut > 0 && char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut];
    }
}
