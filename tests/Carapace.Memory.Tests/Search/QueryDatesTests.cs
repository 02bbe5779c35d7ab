using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class QueryDatesTests
{
    [Theory]
    [InlineData("What painting did Melanie show on October 13, 2023?", "2023-10-13", true)]
    [InlineData("What painting did Melanie show on October 13, 2023?", "2023-10-14", false)]
    [InlineData("What painting did Melanie show on October 13, 2023?", "2022-10-13", false)]
    [InlineData("What setback did Melanie face in October 2023?", "2023-10-02", true)]
    [InlineData("What setback did Melanie face in October 2023?", "2023-11-02", false)]
    [InlineData("what happened on 13th of oct", "2019-10-13", true)]
    [InlineData("what happened on 13 Oct. 2024", "2024-10-13", true)]
    [InlineData("notes from 2026-03-30", "2026-03-30", true)]
    [InlineData("notes from 2026-03-30", "2026-03-31", false)]
    [InlineData("plans for May 2023", "2023-05-20", true)]
    [InlineData("it may rain in 2023", "2023-05-20", false)]
    [InlineData("did they march in the parade", "2023-03-20", false)]
    [InlineData("the march on March 4", "2023-03-04", true)]
    [InlineData("what happened in December", "2021-12-31", true)]
    [InlineData("what did I do in 2023", "2023-05-20", false)]
    [InlineData("what did I do last week", "2023-05-20", false)]
    [InlineData("the 2026-13-45 build", "2026-12-15", false)]
    [InlineData("the decision about marching bands", "2026-03-01", false)]
    [InlineData("", "2026-03-01", false)]
    public void Lift_QueryNamesDayOrMonth_LiftsOnlyThoseDays(string query, string day, bool boosted)
    {
        var lifted = QueryDates.Lift(QueryDates.Parse(query), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), 0.4, 1);

        Assert.Equal(boosted ? 0.7 : 0.4, lifted, 9);
    }

    [Fact]
    public void Lift_UndatedFileBoostOffOrZeroScore_LeavesTheScore()
    {
        var spans = QueryDates.Parse("on October 13, 2023");
        var day = new DateOnly(2023, 10, 13);

        Assert.Equal(0.4, QueryDates.Lift(spans, null, 0.4, 1));
        Assert.Equal(0.4, QueryDates.Lift(spans, day, 0.4, 0));
        Assert.Equal(0.0, QueryDates.Lift(spans, day, 0.0, 1));
    }

    [Theory]
    [InlineData(0.2, 0.3)]
    [InlineData(0.5, 0.9)]
    [InlineData(0.95, 1.4)]
    public void Lift_NamedDay_StaysWithinOneAndKeepsOrder(double lower, double higher)
    {
        var spans = QueryDates.Parse("2023-10-13");
        var day = new DateOnly(2023, 10, 13);

        var (a, b) = (QueryDates.Lift(spans, day, lower, 1), QueryDates.Lift(spans, day, higher, 1));

        Assert.True(a > lower && a <= b && b <= 1, $"{lower}→{a}, {higher}→{b}");
    }
}
