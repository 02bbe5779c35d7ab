using System.Globalization;
using System.Text.RegularExpressions;

namespace Carapace.Memory.Search;

/// <summary>
/// The calendar days a query names ("on October 13, 2023", "in May 2023", "13 Oct", "2023-10-13"), so lines of daily
/// logs from those days can rank above the same words on other days. A month without a day names the whole month; a
/// day or month without a year matches it in any year. Bare years and relative dates ("last week") name nothing.
/// </summary>
internal static partial class QueryDates
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>One named day or month; <see cref="Year"/> null matches any year, <see cref="Day"/> null the whole month.</summary>
    internal readonly record struct Span(int? Year, int Month, int? Day)
    {
        public bool Contains(DateOnly date) => date.Month == Month && (Year is null || date.Year == Year) && (Day is null || date.Day == Day);
    }

    /// <summary>The days and months named in <paramref name="query"/>; empty when it names none.</summary>
    public static IReadOnlyList<Span> Parse(string query)
    {
        var spans = new List<Span>();
        foreach (Match m in Iso().Matches(query))
        {
            var (y, mo, d) = (Int(m.Groups["y"]), Int(m.Groups["m"]), Int(m.Groups["d"]));
            if (mo is >= 1 and <= 12 && d is >= 1 and <= 31)
            {
                spans.Add(new Span(y, mo.Value, d));
            }
        }

        foreach (Match m in Named().Matches(query))
        {
            var month = Array.IndexOf(Months, m.Groups["month"].Value[..3].ToLowerInvariant()) + 1;
            var day = Int(m.Groups["d1"]) ?? Int(m.Groups["d2"]);
            if (m.Groups["month"].Value.ToLowerInvariant() is "may" or "march" or "mar" && day is null && !m.Groups["y"].Success)
            {
                continue; // "may" and "march" alone are far more often the verbs
            }

            spans.Add(new Span(Int(m.Groups["y"]), month, day is >= 1 and <= 31 ? day : null));
        }

        return spans;
    }

    /// <summary>
    /// A score lifted when <paramref name="day"/> falls in a named span: its distance to 1 divided by 1 + <paramref name="boost"/>,
    /// so it stays within 0..1 and keeps its order among the lifted; other days and undated files keep their score.
    /// </summary>
    public static double Lift(IReadOnlyList<Span> spans, DateOnly? day, double score, double boost) =>
        boost > 0 && score > 0 && day is { } d && spans.Any(s => s.Contains(d)) ? 1 - (1 - Math.Min(1, score)) / (1 + boost) : score;

    private static int? Int(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?:\b(?<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+)?\b(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:\s+(?<d2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?<y>(?:19|20)\d{2})\b)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
