using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class MmrTests
{
    [Fact]
    public void Select_NearDuplicates_PromotesTheDifferentResult()
    {
        var items = new List<(double, string)>
        {
            (0.90, "dentist appointment on friday at nine"),
            (0.89, "dentist appointment on friday at nine am"),
            (0.80, "flight to lisbon booked for june"),
            (0.10, "unrelated"),
        };

        Assert.Equal([0, 2, 1, 3], Mmr.Select(items, 0.7, 4));
    }

    [Fact]
    public void Select_LambdaOne_KeepsScoreOrder()
    {
        var items = new List<(double, string)> { (0.9, "a b"), (0.8, "a b"), (0.7, "c") };

        Assert.Equal([0, 1, 2], Mmr.Select(items, 1.0, 3));
    }

    [Fact]
    public void Select_Empty_GivesNothing() => Assert.Empty(Mmr.Select([], 0.7, 5));

    [Theory]
    [InlineData("Hello_World 42", new[] { "hello_world", "42" })]
    [InlineData("中文字", new[] { "中", "文", "字", "中文", "文字" })]
    [InlineData("a中b文", new[] { "a", "b", "中", "文" })]
    public void TokenSet_Table_HasWordsAndCjkGrams(string text, string[] expected) =>
        Assert.Equal(expected.Order(), Mmr.TokenSet(text).Order());
}
