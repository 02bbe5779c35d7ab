using Carapace.Agent.Compaction;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Compaction;

public sealed class TokenEstimatorTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("The quick brown fox jumps.", 7)]
    [InlineData("来週の金曜日", 6)]
    [InlineData("피아노 발표회", 7)]
    [InlineData("Piano 発表会 next Friday", 3 + 5)]
    [InlineData("\0\0\0\0\0\0\0\0", 2)]
    [InlineData("😀😀", 1)]
    public void Of_Text_CountsAboutFourCharsPerTokenAndOneTokenPerCjkChar(string text, int expected) =>
        Assert.Equal(expected, TokenEstimator.Of(text));

    [Fact]
    public void Of_Prompt_AddsPerMessageOverheadAndCountsToolContent()
    {
        var prompt = new List<ChatMessage>
        {
            new(ChatRole.System, "abcd"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "abcd", new Dictionary<string, object?> { ["abcd"] = "abcd" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "abcdabcd")]),
        };

        Assert.Equal((4 + 1) + (4 + 3) + (4 + 2), TokenEstimator.Of(prompt));
    }
}
