using Carapace.Memory.Search;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>Named ranking variants, picked on the command line with <c>--variants=a,b</c>; the default list compares the shipped ranking with the switches it leaves off.</summary>
internal static class LocomoVariants
{
    /// <summary>Every known variant by name; "default" is the shipped configuration.</summary>
    public static readonly IReadOnlyDictionary<string, MemoryQueryOptions> All = new Dictionary<string, MemoryQueryOptions>(StringComparer.Ordinal)
    {
        ["default"] = new(),
        ["decay30"] = new() { TemporalDecay = true },
        ["mmr0.7"] = new() { Mmr = true },
        ["w0.5"] = new() { VectorWeight = 0.5, TextWeight = 0.5 },
        ["vector"] = new() { VectorWeight = 1, TextWeight = 0 },
        ["keyword"] = new() { VectorWeight = 0, TextWeight = 1 },
        ["raw"] = new() { Normalization = ScoreNormalization.None },
        ["raw-w0.5"] = new() { Normalization = ScoreNormalization.None, VectorWeight = 0.5, TextWeight = 0.5 },
        ["mm-w0.6"] = new() { VectorWeight = 0.6, TextWeight = 0.4 },
        ["mm-w0.5"] = new() { VectorWeight = 0.5, TextWeight = 0.5 },
        ["mm-w0.8"] = new() { VectorWeight = 0.8, TextWeight = 0.2 },
        ["f0.5"] = new() { LineFocus = 0.5 },
        ["f0.7"] = new() { LineFocus = 0.7 },
        ["f0.85"] = new() { LineFocus = 0.85 },
        ["f1n0.2"] = new() { NeighbourWeight = 0.2 },
        ["f0.7n0.2"] = new() { LineFocus = 0.7, NeighbourWeight = 0.2 },
        ["f0.7d0.2"] = new() { LineFocus = 0.7, DateBoost = 0.2 },
        ["f0.7d0.5"] = new() { LineFocus = 0.7, DateBoost = 0.5 },
        ["f0.7d1"] = new() { LineFocus = 0.7, DateBoost = 1 },
        ["f0.7d2"] = new() { LineFocus = 0.7, DateBoost = 2 },
        ["f0.7d1s0.2"] = new() { LineFocus = 0.7, DateBoost = 1, SpeakerBoost = 0.2 },
        ["f0.7d1s0.5"] = new() { LineFocus = 0.7, DateBoost = 1, SpeakerBoost = 0.5 },
        ["f0.7d1n0.2"] = new() { LineFocus = 0.7, DateBoost = 1, NeighbourWeight = 0.2 },
        ["f0.5d1"] = new() { LineFocus = 0.5, DateBoost = 1 },
        ["w0.6f0.7d1"] = new() { VectorWeight = 0.6, TextWeight = 0.4, LineFocus = 0.7, DateBoost = 1 },
        ["f0.7n0.4"] = new() { LineFocus = 0.7, NeighbourWeight = 0.4 },
    };

    /// <summary>What runs without <c>--variants</c>.</summary>
    public static readonly string[] Standard = ["default", "decay30", "mmr0.7", "w0.5", "vector", "keyword"];

    /// <summary>The variants named in a comma-separated list (or the standard ones); an unknown name is an error that lists the known ones.</summary>
    public static IReadOnlyList<(string Name, MemoryQueryOptions Options)> Parse(string? list)
    {
        var names = string.IsNullOrWhiteSpace(list) ? Standard : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !All.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown variant(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All.Keys)}");
        }

        return names.Select(n => (n, All[n])).ToList();
    }
}
