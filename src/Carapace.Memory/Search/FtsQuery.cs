using System.Text.RegularExpressions;

namespace Carapace.Memory.Search;

/// <summary>
/// Turns a natural-language query into FTS5 queries: every token quoted and joined with AND (OpenClaw's
/// <c>buildFtsQuery</c>), and an OR of the meaningful keywords for when the strict form finds too little. Quoting
/// every token means no user text is ever parsed as FTS5 syntax.
/// </summary>
public static partial class FtsQuery
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "for", "from", "had",
        "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "me", "might", "my", "no", "not", "of", "on", "or", "our", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yet", "ever", "kind", "much", "many", "there's", "s", "t",
    };

    /// <summary>The tokens of a text: runs of letters, digits and underscores.</summary>
    public static IReadOnlyList<string> Tokens(string text) => Token().Matches(text).Select(m => m.Value).ToList();

    /// <summary>The lowercase tokens worth matching: stop words and single Latin letters removed, duplicates dropped.</summary>
    public static IReadOnlyList<string> Keywords(string text) =>
        Tokens(text).Select(t => t.ToLowerInvariant())
            .Where(t => !StopWords.Contains(t) && (t.Length > 1 || !char.IsAsciiLetter(t[0])))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>All tokens quoted and joined with AND; null when the text has no tokens.</summary>
    public static string? And(string text) => Join(Tokens(text), " AND ");

    /// <summary>The keywords quoted and joined with OR; null when none remain.</summary>
    public static string? Or(string text) => Join(Keywords(text), " OR ");

    /// <summary>OpenClaw's <c>bm25RankToScore</c>: a negative FTS5 rank r gives −r/(1−r); a rank ≥ 0 gives 1/(1+r); non-finite gives 0.001.</summary>
    public static double RankToScore(double rank) =>
        !double.IsFinite(rank) ? 0.001
        : rank < 0 ? -rank / (1 - rank)
        : 1 / (1 + rank);

    /// <summary>The tokens quoted and joined with <paramref name="separator"/>; null when there are none.</summary>
    internal static string? Join(IReadOnlyList<string> tokens, string separator) =>
        tokens.Count == 0 ? null : string.Join(separator, tokens.Select(t => "\"" + t.Replace("\"", "", StringComparison.Ordinal) + "\""));

    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
