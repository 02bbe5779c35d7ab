using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("FOO_bar baz-1", "\"FOO_bar\" AND \"baz\" AND \"1\"")]
    [InlineData("  ", null)]
    [InlineData("!!! ???", null)]
    [InlineData("say \"hi\" OR NEAR(x)", "\"say\" AND \"hi\" AND \"OR\" AND \"NEAR\" AND \"x\"")]
    [InlineData("中文 test", "\"中文\" AND \"test\"")]
    [InlineData("col:value*", "\"col\" AND \"value\"")]
    public void And_Table_QuotesEveryToken(string query, string? expected) => Assert.Equal(expected, FtsQuery.And(query));

    [Theory]
    [InlineData("When did Caroline go to the support group?", "\"caroline\" OR \"go\" OR \"support\" OR \"group\"")]
    [InlineData("what is the", null)]
    [InlineData("Dentist dentist DENTIST", "\"dentist\"")]
    public void Or_Table_DropsStopWordsAndDuplicates(string query, string? expected) => Assert.Equal(expected, FtsQuery.Or(query));

    [Theory]
    [InlineData(-1.0, 0.5)]
    [InlineData(-3.0, 0.75)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.5)]
    [InlineData(double.NaN, 0.001)]
    [InlineData(double.NegativeInfinity, 0.001)]
    public void RankToScore_Table_MatchesReference(double rank, double expected) => Assert.Equal(expected, FtsQuery.RankToScore(rank), 6);
}
