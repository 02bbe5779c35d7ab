using System.Text.RegularExpressions;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>
/// Normalises LoCoMo's dialogue ids, including the malformed evidence of locomo10.json ("D8:6; D9:17",
/// "D9:1 D4:4 D4:6", "D:11:26", "D30:05", a bare "D"): split on separators, repair, drop what cannot be an id.
/// </summary>
internal static partial class EvidenceIds
{
    /// <summary>The well-formed ids (<c>D&lt;session&gt;:&lt;turn&gt;</c>, no leading zeros) inside one raw value.</summary>
    public static IEnumerable<string> Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            yield break;
        }

        foreach (var part in raw.Split([';', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Id().Match(part);
            if (match.Success)
            {
                yield return $"D{int.Parse(match.Groups[1].Value)}:{int.Parse(match.Groups[2].Value)}";
            }
        }
    }

    [GeneratedRegex(@"^D:?(\d+):(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
