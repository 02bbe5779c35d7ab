using Carapace.Memory.Search;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>Named ranking variants, picked on the command line with <c>--variants=a,b</c>; the default list compares the shipped ranking with the switches it leaves off.</summary>
internal static class LocomoVariants
{
    /// <summary>Every known variant by name; "default" is the shipped configuration.</summary>
    public static readonly IReadOnlyDictionary<string, MemoryQueryOptions> All = new Dictionary<string, MemoryQueryOptions>(StringComparer.Ordinal)
    {
        ["default"] = new(),
        ["before"] = new() { KeywordSaturation = 1, DateBoost = 0 },
        ["no-date"] = new() { DateBoost = 0 },
        ["c1"] = new() { KeywordSaturation = 1 },
        ["c12"] = new() { KeywordSaturation = 12 },
        ["c20"] = new() { KeywordSaturation = 20 },
        ["c40"] = new() { KeywordSaturation = 40 },
        ["c60"] = new() { KeywordSaturation = 60 },
        ["c100"] = new() { KeywordSaturation = 100 },
        ["date2"] = new() { DateBoost = 2 },
        ["w0.6"] = new() { VectorWeight = 0.6, TextWeight = 0.4 },
        ["w0.8"] = new() { VectorWeight = 0.8, TextWeight = 0.2 },
        ["w0.5"] = new() { VectorWeight = 0.5, TextWeight = 0.5 },
        ["decay30"] = new() { TemporalDecay = true },
        ["mmr0.7"] = new() { Mmr = true },
        ["vector"] = new() { VectorWeight = 1, TextWeight = 0 },
        ["keyword"] = new() { VectorWeight = 0, TextWeight = 1 },
    };

    /// <summary>What runs without <c>--variants</c>.</summary>
    public static readonly string[] Standard = ["default", "before", "no-date", "c1", "decay30", "mmr0.7", "w0.5", "vector", "keyword"];

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
