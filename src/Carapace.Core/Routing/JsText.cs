using System.Text;

namespace Carapace.Core.Routing;

/// <summary>
/// JavaScript's <c>String.prototype.trim</c> and <c>toLowerCase</c>, which OpenClaw applies to every id. .NET's
/// versions differ at the edges (BOM, NEL, dotted capital I, final sigma), and keys must be byte-identical.
/// </summary>
internal static class JsText
{
    // ECMAScript WhiteSpace (TAB, VT, FF, ZWNBSP, every Zs) plus LineTerminator (LF, CR, LS, PS). Not U+0085.
    private static readonly char[] Whitespace =
    [
        '\t', '\n', '\v', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
        '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F',
        '\u3000', '\uFEFF',
    ];

    /// <summary>Trims ECMAScript whitespace from both ends; null becomes empty.</summary>
    public static string Trim(string? value) => value is null ? "" : value.Trim(Whitespace);

    /// <summary>Full Unicode lowercasing as JavaScript does it, including the two context rules ids can hit.</summary>
    public static string Lower(string value)
    {
        if (IsAsciiLower(value))
        {
            return value;
        }

        var lowered = value.ToLowerInvariant();
        if (!value.Contains('\u0130') && !value.Contains('\u03A3'))
        {
            return lowered;
        }

        var sb = new StringBuilder(value.Length + 2);
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\u0130':
                    sb.Append("i\u0307"); // SpecialCasing: İ lowercases to i + combining dot above.
                    break;
                case '\u03A3':
                    sb.Append(IsFinalSigma(value, i) ? '\u03C2' : '\u03C3');
                    break;
                default:
                    sb.Append(lowered[i]);
                    break;
            }
        }

        return sb.ToString();
    }

    // Final_Sigma: preceded by a cased letter and not followed by one (case-ignorable marks skipped).
    private static bool IsFinalSigma(string s, int i)
    {
        var before = i - 1;
        while (before >= 0 && IsCaseIgnorable(s[before]))
        {
            before--;
        }

        var after = i + 1;
        while (after < s.Length && IsCaseIgnorable(s[after]))
        {
            after++;
        }

        return before >= 0 && IsCased(s[before]) && !(after < s.Length && IsCased(s[after]));
    }

    private static bool IsCased(char c) => char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) => char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark or
        System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.ModifierLetter or
        System.Globalization.UnicodeCategory.ModifierSymbol || c is '\'' or '.' or ':' or '\u00B7' or '\u2019';

    private static bool IsAsciiLower(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
