using System.Text.RegularExpressions;
using Carapace.Memory.Chunking;

namespace Carapace.Memory.Search;

/// <summary>
/// Maximal marginal relevance: picks results greedily by λ·relevance − (1−λ)·(highest Jaccard similarity to anything
/// already picked), so five near-copies of one note do not crowd out the second-best fact. Relevance is min-max
/// normalised; ties keep the original order. Tokens: lowercase [a-z0-9_]+ plus CJK unigrams and adjacent bigrams.
/// </summary>
public static partial class Mmr
{
    /// <summary>Returns the indexes of up to <paramref name="take"/> items in MMR order.</summary>
    public static IReadOnlyList<int> Select(IReadOnlyList<(double Score, string Text)> items, double lambda, int take)
    {
        var n = items.Count;
        if (n == 0 || take <= 0)
        {
            return [];
        }

        var tokens = items.Select(i => TokenSet(i.Text)).ToArray();
        var max = items.Max(i => i.Score);
        var min = items.Min(i => i.Score);
        var range = max - min;
        var picked = new List<int>();
        var maxSim = new double[n];
        var used = new bool[n];
        while (picked.Count < Math.Min(take, n))
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (used[i])
                {
                    continue;
                }

                var relevance = range > 0 ? (items[i].Score - min) / range : 1;
                var value = lambda * relevance - (1 - lambda) * maxSim[i];
                if (value > bestValue || (value == bestValue && best >= 0 && items[i].Score > items[best].Score))
                {
                    best = i;
                    bestValue = value;
                }
            }

            used[best] = true;
            picked.Add(best);
            for (var i = 0; i < n; i++)
            {
                if (!used[i])
                {
                    maxSim[i] = Math.Max(maxSim[i], Jaccard(tokens[i], tokens[best]));
                }
            }
        }

        return picked;
    }

    /// <summary>The token set MMR compares.</summary>
    public static HashSet<string> TokenSet(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var lower = text.ToLowerInvariant();
        foreach (Match m in Word().Matches(lower))
        {
            set.Add(m.Value);
        }

        var previous = -1;
        var runes = lower.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            if (!TextWeight.IsNonLatin(runes[i].Value))
            {
                previous = -1;
                continue;
            }

            set.Add(runes[i].ToString());
            if (previous == i - 1 && previous >= 0)
            {
                set.Add(runes[i - 1].ToString() + runes[i]);
            }

            previous = i;
        }

        return set;
    }

    /// <summary>|A∩B| / |A∪B|; two empty sets are not similar.</summary>
    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = small.Count(large.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    [GeneratedRegex("[a-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
