using System.Globalization;
using System.Text.RegularExpressions;

namespace Carapace.Memory.Facts;

/// <summary>
/// Pins common relative date expressions to the calendar of the day they were said, so a fact captured days later still
/// means the right day: "next Friday at six" said on Wednesday 2026-11-25 becomes "… (2026-12-04)". Weeks start on
/// Monday; "next Friday" is the Friday of next week, "this Friday" the coming one, "last Friday" the one before today.
/// </summary>
public static partial class RelativeDates
{
    /// <summary>
    /// <paramref name="text"/> with the absolute date of each relative expression appended in parentheses, once per date;
    /// unchanged when it has none or already names the date.
    /// </summary>
    public static string Annotate(string text, DateOnly said)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dates = new List<string>();
        foreach (Match match in Expression().Matches(text))
        {
            if (Resolve(match, said) is { } date && !dates.Contains(date) && !text.Contains(date, StringComparison.Ordinal))
            {
                dates.Add(date);
            }
        }

        return dates.Count == 0 ? text : $"{text.TrimEnd()} ({string.Join(", ", dates)})";
    }

    private static string? Resolve(Match m, DateOnly said)
    {
        if (m.Groups["day"].Success)
        {
            return string.Join(' ', m.Groups["day"].Value.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) switch
            {
                "today" or "tonight" or "this morning" or "this afternoon" or "this evening" => Iso(said),
                "tomorrow" => Iso(said.AddDays(1)),
                "day after tomorrow" or "the day after tomorrow" => Iso(said.AddDays(2)),
                "yesterday" => Iso(said.AddDays(-1)),
                _ => null,
            };
        }

        if (m.Groups["weekday"].Success)
        {
            var target = Enum.Parse<DayOfWeek>(m.Groups["weekday"].Value, ignoreCase: true);
            var monday = said.AddDays(-(((int)said.DayOfWeek + 6) % 7));
            var thisWeek = monday.AddDays(((int)target + 6) % 7);
            return m.Groups["which"].Value.ToLowerInvariant() switch
            {
                "next" => Iso(thisWeek.AddDays(7)),
                "last" => Iso(thisWeek < said ? thisWeek : thisWeek.AddDays(-7)),
                _ => Iso(thisWeek >= said ? thisWeek : thisWeek.AddDays(7)), // "this" / "on" / "coming"
            };
        }

        if (m.Groups["unit"].Success)
        {
            var sign = m.Groups["dir"].Value.Equals("next", StringComparison.OrdinalIgnoreCase) ? 1 : -1;
            var monday = said.AddDays(-(((int)said.DayOfWeek + 6) % 7));
            return m.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "week" => "week of " + Iso(monday.AddDays(7 * sign)),
                "month" => said.AddMonths(sign).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                _ => (said.Year + sign).ToString(CultureInfo.InvariantCulture),
            };
        }

        var count = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var days = m.Groups["span"].Value.StartsWith("week", StringComparison.OrdinalIgnoreCase) ? 7 * count : count;
        return Iso(m.Groups["ago"].Success ? said.AddDays(-days) : said.AddDays(days));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(
        @"\b(?:(?<day>(?:the\s+)?day\s+after\s+tomorrow|today|tonight|tomorrow|yesterday|this\s+(?:morning|afternoon|evening))" +
        @"|(?<which>next|last|this|coming|on)\s+(?<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)" +
        @"|(?<dir>next|last)\s+(?<unit>week|month|year)" +
        @"|in\s+(?<n>\d{1,3})\s+(?<span>days?|weeks?)|(?<n>\d{1,3})\s+(?<span>days?|weeks?)\s+(?<ago>ago))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
