using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class ScoreFusionTests
{
    [Theory]
    [InlineData(0.5, 1, 0.5)] // |r| = 1, c = 1: unchanged
    [InlineData(0.9, 1, 0.9)]
    [InlineData(0.5, 30, 1.0 / 31)] // |r| = 1
    [InlineData(0.9, 30, 9.0 / 39)] // |r| = 9
    [InlineData(0.0, 30, 0.0)] // no keyword match
    [InlineData(-0.2, 30, 0.0)]
    [InlineData(double.NaN, 30, 0.0)]
    [InlineData(double.PositiveInfinity, 30, 0.0)]
    [InlineData(1.0, 30, 1.0)]
    public void Resaturate_Score_GivesRankOverCPlusRank(double score, double c, double expected) =>
        Assert.Equal(expected, ScoreFusion.Resaturate(score, c), 9);

    [Fact]
    public void Fuse_LargeSaturation_LetsAMuchBetterKeywordMatchOvertakeASlightlyBetterCosine()
    {
        // |r| = 4 and |r| = 15 saturate to 0.80 and 0.94 with c = 1 (a gap the 0.08 cosine gap outweighs); with c = 30 to 0.12 and 0.33.
        double[] vector = [0.53, 0.45];
        double[] text = [0.8, 0.9375];

        var openClaw = ScoreFusion.Fuse(vector, text, 0.7, 0.3, 1);
        var resaturated = ScoreFusion.Fuse(vector, text, 0.7, 0.3, 30);

        Assert.True(openClaw[0] > openClaw[1]);
        Assert.True(resaturated[1] > resaturated[0]);
        Assert.Equal(0.7 * 0.45 + 0.3 * 15.0 / 45, resaturated[1], 9);
    }

    [Fact]
    public void Fuse_LegsOfDifferentLength_SaysWhich()
    {
        var error = Assert.Throws<ArgumentException>(() => ScoreFusion.Fuse([0.1, 0.2], [0.3], 0.7, 0.3, 30));

        Assert.Contains("2 vector scores, 1 keyword scores", error.Message, StringComparison.Ordinal);
    }
}
