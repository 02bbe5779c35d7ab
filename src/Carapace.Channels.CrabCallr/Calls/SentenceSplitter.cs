namespace Carapace.Channels.CrabCallr.Calls;

/// <summary>
/// Finds where sentences end in streamed text, so each can be spoken as soon as it is complete. A sentence ends at
/// <c>. ! ? …</c> (plus closing quotes or brackets) followed by whitespace, or at a line break; decimals such as
/// <c>3.5</c> and common abbreviations such as <c>Dr.</c> do not end one.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "jr", "sr", "e.g", "i.e", "approx",
    };

    /// <summary>The complete sentences at the start of <paramref name="text"/>, trimmed, and how many characters they used.</summary>
    public static IReadOnlyList<string> Take(string text, out int consumed)
    {
        var sentences = new List<string>();
        consumed = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var end = BoundaryAfter(text, i);
            if (end < 0)
            {
                continue;
            }

            var sentence = text[start..end].Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }

            start = end;
            consumed = end;
            i = end - 1;
        }

        return sentences;
    }

    // The index just past a sentence that ends at position i, or -1 when no sentence ends there.
    private static int BoundaryAfter(string text, int i)
    {
        var c = text[i];
        if (c == '\n')
        {
            return i + 1;
        }

        if (c is not ('.' or '!' or '?' or '…'))
        {
            return -1;
        }

        var j = i + 1;
        while (j < text.Length && text[j] is '.' or '!' or '?' or '…' or '"' or '\'' or ')' or '”' or '’' or ']')
        {
            j++;
        }

        if (j >= text.Length || !char.IsWhiteSpace(text[j]))
        {
            return -1;
        }

        return c == '.' && j == i + 1 && IsAbbreviation(text, i) ? -1 : j;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        return Abbreviations.Contains(text[start..dot]);
    }
}
