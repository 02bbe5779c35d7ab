using Carapace.Memory.Embeddings.Static;

namespace Carapace.Memory.Tests.Embeddings.Static;

public sealed class WordPieceTokenizerTests
{
    private static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world", "##s", "play", "##ing", "!", ",", "cafe", "日", "a", "##a", "x", "naive", "lodz"];

    private static readonly WordPieceTokenizer Tokenizer = new(Vocabulary);

    [Theory]
    [InlineData("hello world", "hello world")]
    [InlineData("Hello, WORLD!", "hello , world !")]
    [InlineData("playing", "play ##ing")]
    [InlineData("Playings", "play ##ing ##s")]
    [InlineData("worlds!!", "world ##s ! !")]
    [InlineData("Café", "cafe")]
    [InlineData("CAFÉ,cafe", "cafe , cafe")]
    [InlineData("cafe\u0301", "cafe")]
    [InlineData("NAÏVE", "naive")]
    [InlineData("Lodž", "lodz")]
    [InlineData("Łodz", "[UNK]")]
    [InlineData("zebra hello", "[UNK] hello")]
    [InlineData("playz", "[UNK]")]
    [InlineData("", "")]
    [InlineData(" \t\r\n ", "")]
    [InlineData("hello\u0000world", "hello world")]
    [InlineData("日日", "日 日")]
    [InlineData("本", "[UNK]")]
    [InlineData("hello 😀", "hello [UNK] [UNK]")]
    [InlineData("aaa", "a ##a ##a")]
    public void Tokenize_Text_GivesBertUncasedPieces(string text, string expected)
    {
        var ids = new List<int>();

        Tokenizer.Tokenize(text, ids);

        Assert.Equal(expected, string.Join(' ', ids.Select(id => Vocabulary[id])));
    }

    [Fact]
    public void Tokenize_WordLongerThan100Chars_IsOneUnknown()
    {
        var ids = new List<int>();

        Tokenizer.Tokenize(new string('a', 101) + " hello", ids);

        Assert.Equal(["[UNK]", "hello"], ids.Select(id => Vocabulary[id]));
    }

    [Fact]
    public void Tokenize_AppendsToExistingIds()
    {
        var ids = new List<int> { 4 };

        Tokenizer.Tokenize("x", ids);

        Assert.Equal(["hello", "x"], ids.Select(id => Vocabulary[id]));
    }

    [Theory]
    [InlineData("[CLS]", true)]
    [InlineData("[unused12]", true)]
    [InlineData("[", false)]
    [InlineData("[]", false)]
    [InlineData("hello", false)]
    public void IsSpecial_Token_RecognisesBracketedControlTokens(string token, bool special) => Assert.Equal(special, WordPieceTokenizer.IsSpecial(token));
}
