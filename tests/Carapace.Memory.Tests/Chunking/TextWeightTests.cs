using Carapace.Memory.Chunking;

namespace Carapace.Memory.Tests.Chunking;

public sealed class TextWeightTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("中文", 8)]
    [InlineData("한국", 8)]
    [InlineData("ｱ", 1)] // half-width katakana U+FF71 is outside the dense ranges
    [InlineData("😀", 2)] // emoji: a surrogate pair, Latin weight per UTF-16 unit
    [InlineData("𠀀", 4)] // U+20000 CJK extension B: one dense character
    [InlineData("a中b", 6)]
    public void Of_Table_WeighsDenseScriptsFour(string text, int expected) => Assert.Equal(expected, TextWeight.Of(text));

    [Theory]
    [InlineData(0x2E80, true)]
    [InlineData(0x9FFF, true)]
    [InlineData(0xA000, true)]
    [InlineData(0xAC00, true)]
    [InlineData(0xD7AF, true)]
    [InlineData(0xF900, true)]
    [InlineData(0x2FA1F, true)]
    [InlineData(0x2E7F, false)]
    [InlineData(0xA4FF + 1, false)]
    [InlineData(0x2FA20, false)]
    [InlineData('a', false)]
    public void IsNonLatin_RangeEdges_MatchReference(int codePoint, bool expected) => Assert.Equal(expected, TextWeight.IsNonLatin(codePoint));
}
