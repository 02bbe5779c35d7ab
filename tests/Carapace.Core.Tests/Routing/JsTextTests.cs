using Carapace.Core.Routing;

namespace Carapace.Core.Tests.Routing;

public sealed class JsTextTests
{
    public static TheoryData<string?, string> TrimRows => new()
    {
        { null, "" },
        { "", "" },
        { "  x  ", "x" },
        { "\uFEFF x \u3000", "x" },         // BOM and ideographic space are JavaScript whitespace
        { "\u2028x\u2029", "x" },           // line and paragraph separators too
        { "\u0085x", "\u0085x" },           // NEL is not (unlike .NET's Trim)
        { "\u200Bx", "\u200Bx" },           // zero-width space is not whitespace
    };

    [Theory]
    [MemberData(nameof(TrimRows))]
    public void Trim_JavaScriptWhitespace_MatchesStringPrototypeTrim(string? input, string expected) =>
        Assert.Equal(expected, JsText.Trim(input));

    public static TheoryData<string, string> LowerRows => new()
    {
        { "abc-123", "abc-123" },
        { "ÄBC", "äbc" },
        { "İstanbul", "i\u0307stanbul" },   // SpecialCasing: dotted capital I becomes two code units
        { "ΟΔΟΣ", "οδος" },                 // final sigma
        { "ΣΑ", "σα" },                     // sigma not at a word end
        { "Σ", "σ" },                       // lone sigma is not final (no cased letter before it)
        { "ΟΔΟΣ ΚΑΛΟΣ", "οδος καλος" },
        { "K", "k" },
        { "Ⅻ", "ⅻ" },
        { "𐐀", "𐐨" },                      // Deseret: a surrogate pair lowercases to a surrogate pair
    };

    [Theory]
    [MemberData(nameof(LowerRows))]
    public void Lower_UnicodeInput_MatchesJavaScriptToLowerCase(string input, string expected) =>
        Assert.Equal(expected, JsText.Lower(input));
}
