using System.Globalization;
using System.Text.RegularExpressions;

namespace Carapace.Memory.Files;

/// <summary>
/// The rules for which workspace paths are memory: <c>MEMORY.md</c> (or <c>memory.md</c>) and <c>memory/**/*.md</c>,
/// relative, inside the workspace. Pure, so every tool and the indexer apply the same rule.
/// </summary>
public static partial class MemoryPath
{
    /// <summary>The curated memory file.</summary>
    public const string Curated = "MEMORY.md";

    /// <summary>The folder of daily logs and other notes.</summary>
    public const string Folder = "memory";

    /// <summary>Checks a path a caller gave; returns the normalised relative path (forward slashes) or an error saying what is wrong.</summary>
    public static (string? Path, string? Error) Validate(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return (null, "path is empty; give MEMORY.md or memory/<name>.md");
        }

        var p = path.Trim().Replace('\\', '/');
        if (p.StartsWith('/') || System.IO.Path.IsPathRooted(p) || (p.Length > 1 && p[1] == ':'))
        {
            return (null, $"'{path}' is absolute; give a path relative to the workspace such as memory/2026-01-31.md");
        }

        if (p.Contains('\0'))
        {
            return (null, $"'{path}' contains a NUL character");
        }

        var parts = p.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(s => s is ".." or "."))
        {
            return (null, $"'{path}' contains '.' or '..'; only MEMORY.md and memory/**/*.md inside the workspace are readable");
        }

        var normalised = string.Join('/', parts);
        if (!normalised.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"'{path}' is not a markdown (.md) file; only MEMORY.md and memory/**/*.md are readable");
        }

        if (parts.Length == 1 && parts[0] is "MEMORY.md" or "memory.md")
        {
            return (normalised, null);
        }

        if (parts.Length >= 2 && parts[0] == Folder)
        {
            return (normalised, null);
        }

        return (null, $"'{path}' is not a memory file; only MEMORY.md and memory/**/*.md are readable");
    }

    /// <summary>The relative path of the daily log for a date: <c>memory/YYYY-MM-DD.md</c>.</summary>
    public static string DailyLog(DateOnly date) => $"{Folder}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.md";

    /// <summary>The date of a dated log (<c>memory/YYYY-MM-DD.md</c> or <c>memory/YYYY-MM-DD-slug.md</c>); null for evergreen files.</summary>
    public static DateOnly? DateOf(string relativePath)
    {
        var match = DatedLog().Match(relativePath.Replace('\\', '/'));
        return match.Success && DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    [GeneratedRegex(@"^memory/(?:.*/)?(\d{4}-\d{2}-\d{2})(?:-[^/]*)?\.md$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedLog();
}
