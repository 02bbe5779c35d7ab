using System.Text.RegularExpressions;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>
/// Turn-level recall@k: walk the results in rank order and take each distinct dia_id they contain until k are taken,
/// so a result holding twenty turns uses twenty of the k and bigger results cannot inflate the score.
/// </summary>
internal static partial class RecallScorer
{
    public static readonly int[] Ks = [5, 10, 25, 50];

    /// <summary>The first <paramref name="k"/> distinct dia_ids in the snippets, in order.</summary>
    public static IReadOnlyList<string> TopTurns(IEnumerable<string> snippets, int k)
    {
        var taken = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snippet in snippets)
        {
            foreach (Match m in Tag().Matches(snippet))
            {
                foreach (var id in EvidenceIds.Normalise(m.Groups[1].Value))
                {
                    if (taken.Count < k && seen.Add(id))
                    {
                        taken.Add(id);
                    }
                }
            }

            if (taken.Count >= k)
            {
                break;
            }
        }

        return taken;
    }

    /// <summary>|evidence ∩ top-k turns| / |evidence|; null when the question has no evidence.</summary>
    public static double? Recall(IReadOnlyList<string> evidence, IEnumerable<string> snippets, int k)
    {
        if (evidence.Count == 0)
        {
            return null;
        }

        var top = TopTurns(snippets, k).ToHashSet(StringComparer.Ordinal);
        return (double)evidence.Count(top.Contains) / evidence.Count;
    }

    [GeneratedRegex(@"\[((?:D\d+:\d+ ?)+)\]")]
    private static partial Regex Tag();
}
