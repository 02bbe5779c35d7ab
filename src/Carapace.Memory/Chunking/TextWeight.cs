using System.Text;

namespace Carapace.Memory.Chunking;

/// <summary>
/// Estimates how many "characters" a text costs against the chunk budget: ≈4 per token for Latin text, while each CJK
/// or other dense non-Latin character weighs 4, because such scripts carry about a token per character.
/// </summary>
public static class TextWeight
{
    /// <summary>Characters per token assumed for Latin text.</summary>
    public const int CharsPerToken = 4;

    /// <summary>The weight of one non-Latin character.</summary>
    public const int NonLatinWeight = 4;

    /// <summary>True for the code points OpenClaw counts as dense: U+2E80–9FFF, A000–A4FF, AC00–D7AF, F900–FAFF, 20000–2FA1F.</summary>
    public static bool IsNonLatin(int codePoint) =>
        codePoint is (>= 0x2E80 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4FF) or (>= 0xAC00 and <= 0xD7AF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x2FA1F);

    /// <summary>The weighted size of a text: UTF-16 length, with every non-Latin code point counted as 4.</summary>
    public static int Of(ReadOnlySpan<char> text)
    {
        var weight = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            weight += IsNonLatin(rune.Value) ? NonLatinWeight : rune.Utf16SequenceLength;
        }

        return weight;
    }

    /// <summary>Cuts a text into pieces of at most <paramref name="maxWeight"/>, never splitting a surrogate pair.</summary>
    internal static IEnumerable<string> Split(string text, int maxWeight)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            var weight = 0;
            while (end < text.Length)
            {
                Rune.DecodeFromUtf16(text.AsSpan(end), out var rune, out var length);
                var w = IsNonLatin(rune.Value) ? NonLatinWeight : length;
                if (weight + w > maxWeight && end > start)
                {
                    break;
                }

                weight += w;
                end += length;
            }

            yield return text[start..end];
            start = end;
        }
    }
}
