using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class KeywordPlanTests
{
    // Postings per term in a pretend index; unknown terms match nothing.
    private static readonly Dictionary<string, int> Index = new(StringComparer.Ordinal)
    {
        ["the"] = 900, ["meeting"] = 800, ["budget"] = 300, ["dentist"] = 5, ["caroline"] = 40, ["group"] = 60, ["why"] = 2,
    };

    [Theory]
    // Everything fits: exactly the unbounded queries (stop words stay in the strict AND).
    [InlineData("the dentist", 2000, "\"the\" AND \"dentist\"", "\"dentist\"", "")]
    // Frequent words are dropped rarest-first once the budget is spent; query order is kept.
    [InlineData("the meeting about the budget with dentist", 400, "\"budget\" AND \"dentist\"", "\"budget\" OR \"dentist\"", "the meeting")]
    [InlineData("Caroline group meeting dentist", 110, "\"caroline\" AND \"group\" AND \"dentist\"", "\"caroline\" OR \"group\" OR \"dentist\"", "meeting")]
    // The rarest term is kept even over budget, so keyword-only search never goes empty.
    [InlineData("the meeting", 100, "\"meeting\"", "\"meeting\"", "the")]
    // Only a stop word survives: the OR falls back to it rather than to nothing.
    [InlineData("why meeting", 100, "\"why\"", "\"why\"", "meeting")]
    // Terms that match nothing are neither kept nor counted as dropped.
    [InlineData("zebra dentist", 1, "\"zebra\" AND \"dentist\"", "\"zebra\" OR \"dentist\"", "")]
    [InlineData("zebra the meeting", 10, "\"meeting\"", "\"meeting\"", "the")]
    // Hostile rows: no tokens, FTS syntax, case and duplicates.
    [InlineData("!!! ???", 10, null, null, "")]
    [InlineData("MEETING meeting OR NEAR(the)", 850, "\"meeting\"", "\"meeting\"", "the")]
    public void For_Table_KeepsRarestTermsWithinBudget(string query, int budget, string? and, string? or, string dropped)
    {
        var probes = new List<int>();
        var plan = KeywordPlan.For(query, (term, cap) =>
        {
            probes.Add(cap);
            return Math.Min(Index.GetValueOrDefault(term), cap + 1);
        }, budget);

        Assert.Equal(and, plan.And);
        Assert.Equal(or, plan.Or);
        Assert.Equal(dropped, string.Join(' ', plan.Dropped));
        Assert.All(probes, cap => Assert.Equal(budget, cap));
    }
}
