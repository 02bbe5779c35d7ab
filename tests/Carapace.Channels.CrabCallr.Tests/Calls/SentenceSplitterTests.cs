using Carapace.Channels.CrabCallr.Calls;

namespace Carapace.Channels.CrabCallr.Tests.Calls;

public sealed class SentenceSplitterTests
{
    public static TheoryData<string, string[], int> Rows => new()
    {
        { "", [], 0 },
        { "Hello there", [], 0 },
        { "Hello there.", [], 0 },
        { "Hello there. ", ["Hello there."], 12 },
        { "Hello there. How are", ["Hello there."], 12 },
        { "One! Two? Three. Four", ["One!", "Two?", "Three."], 16 },
        { "It costs 3.50 dollars. Next", ["It costs 3.50 dollars."], 22 },
        { "Ask Dr. Smith today. Then", ["Ask Dr. Smith today."], 20 },
        { "e.g. this one. And", ["e.g. this one."], 14 },
        { "Wait... what? Yes", ["Wait...", "what?"], 13 },
        { "He said \"go.\" Then", ["He said \"go.\""], 13 },
        { "Really?! Yes", ["Really?!"], 8 },
        { "First line\nSecond", ["First line"], 11 },
        { "\n\n  \n", [], 5 },
        { "Version 2.0.1 is out", [], 0 },
        { "…and then? ok", ["…and then?"], 10 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Take_StreamedText_ReturnsOnlyCompleteSentences(string text, string[] expected, int consumed)
    {
        var sentences = SentenceSplitter.Take(text, out var used);

        Assert.Equal(expected, sentences);
        Assert.Equal(consumed, used);
    }
}
