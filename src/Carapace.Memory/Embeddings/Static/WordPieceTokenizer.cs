using System.Globalization;
using System.Text;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>
/// BERT's uncased WordPiece tokenizer (lower-case, accents stripped, punctuation and CJK ideographs split off,
/// greedy longest-match pieces with <c>##</c> continuations), written for speed: no allocation per word on ASCII text,
/// because a static model spends nearly all its time here.
/// </summary>
internal sealed class WordPieceTokenizer
{
    private const int MaxWordChars = 100;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    /// <summary>Builds the tokenizer over <paramref name="vocabulary"/>, where a token's id is its position.</summary>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = vocabulary[id];
            if (token.StartsWith("##", StringComparison.Ordinal) && token.Length > 2)
            {
                continuations.TryAdd(token[2..], id);
            }
            else
            {
                starts.TryAdd(token, id);
            }
        }

        _starts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownId = starts.GetValueOrDefault("[UNK]", -1);
    }

    /// <summary>The tokens by id.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>The id of <c>[UNK]</c>, or -1 when the vocabulary has none.</summary>
    public int UnknownId { get; }

    /// <summary>True for bracketed control tokens such as <c>[CLS]</c>, <c>[PAD]</c> and <c>[unused7]</c>.</summary>
    public static bool IsSpecial(string token) => token.Length > 2 && token[0] == '[' && token[^1] == ']';

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/> (no <c>[CLS]</c>/<c>[SEP]</c>).</summary>
    public void Tokenize(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        var normalized = Ascii.IsValid(text) ? text : Fold(text);
        Span<char> word = stackalloc char[MaxWordChars + 1];
        var length = 0;
        foreach (var raw in normalized)
        {
            var c = raw is >= 'A' and <= 'Z' ? (char)(raw + 32) : raw;
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFFFD')
            {
                Flush(word, ref length, ids);
            }
            else if (IsPunctuation(c) || IsCjk(c) || char.IsSurrogate(c))
            {
                Flush(word, ref length, ids);
                word[0] = c;
                length = 1;
                Flush(word, ref length, ids);
            }
            else if (length <= MaxWordChars)
            {
                word[length++] = c;
            }
        }

        Flush(word, ref length, ids);
    }

    private void Flush(Span<char> word, ref int length, List<int> ids)
    {
        if (length == 0)
        {
            return;
        }

        if (length > MaxWordChars)
        {
            AddUnknown(ids);
        }
        else
        {
            AddPieces(word[..length], ids);
        }

        length = 0;
    }

    private void AddPieces(ReadOnlySpan<char> word, List<int> ids)
    {
        var first = ids.Count;
        var start = 0;
        while (start < word.Length)
        {
            var lookup = start == 0 ? _starts : _continuations;
            var found = -1;
            var end = word.Length;
            for (; end > start; end--)
            {
                if (lookup.TryGetValue(word[start..end], out found))
                {
                    break;
                }
            }

            if (end == start)
            {
                ids.RemoveRange(first, ids.Count - first);
                AddUnknown(ids);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }

    private void AddUnknown(List<int> ids)
    {
        if (UnknownId >= 0)
        {
            ids.Add(UnknownId);
        }
    }

    /// <summary>
    /// Lower-cases and strips accents as BERT's uncased tokenizer does (NFD, combining marks dropped). The process runs
    /// with invariant globalization, where <see cref="string.Normalize()"/> cannot decompose, so Latin letters with
    /// diacritics (U+00C0–U+017F) fold through a table and stray combining marks are dropped.
    /// </summary>
    private static string Fold(string text)
    {
        var lower = text.ToLowerInvariant();
        var folded = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c is >= '\u00C0' and <= '\u017F')
            {
                folded.Append(LatinFolds[c - '\u00C0']);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    /// <summary>The base letter of each character from U+00C0 to U+017F (itself when it has no canonical decomposition).</summary>
    private const string LatinFolds =
        "aaaaaaæceeeeiiii" + "ðnooooo×øuuuuyþß" + "aaaaaaæceeeeiiii" + "ðnooooo÷øuuuuyþy" +
        "aaaaaaccccccccdd" + "đđeeeeeeeeeegggg" + "gggghhħħiiiiiiii" + "iıĳĳjjkkĸllllllŀ" +
        "ŀłłnnnnnnŉŋŋoooo" + "ooœœrrrrrrssssss" + "ssttttŧŧuuuuuuuu" + "uuuuwwyyyzzzzzzſ";

    private static bool IsPunctuation(char c) =>
        c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~')
        || (c > 127 && char.IsPunctuation(c));

    private static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');
}
