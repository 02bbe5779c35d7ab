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
    [InlineData("the dentist", 2000, "\"the\" AND \"dentist\"", "\"dentist\"", "", 0)]
    // Frequent words are dropped rarest-first once the budget is spent; query order is kept.
    [InlineData("the meeting about the budget with dentist", 400, "\"budget\" AND \"dentist\"", "\"budget\" OR \"dentist\"", "the meeting", 0)]
    [InlineData("Caroline group meeting dentist", 110, "\"caroline\" AND \"group\" AND \"dentist\"", "\"caroline\" OR \"group\" OR \"dentist\"", "meeting", 0)]
    // A budget exactly spent still fits.
    [InlineData("caroline group", 100, "\"caroline\" AND \"group\"", "\"caroline\" OR \"group\"", "", 0)]
    // No term fits: unranked over the newest segments, every matching term kept, each allowed budget/terms postings.
    [InlineData("the meeting", 100, "\"the\" AND \"meeting\"", "\"meeting\"", "", 50)]
    [InlineData("the meeting budget", 299, "\"the\" AND \"meeting\" AND \"budget\"", "\"meeting\" OR \"budget\"", "", 99)]
    [InlineData("the the", 1, "\"the\"", "\"the\"", "", 1)]
    // Only a stop word survives: the OR falls back to it rather than to nothing.
    [InlineData("why meeting", 100, "\"why\"", "\"why\"", "meeting", 0)]
    // Terms that match nothing are neither kept nor counted as dropped.
    [InlineData("zebra dentist", 5, "\"zebra\" AND \"dentist\"", "\"zebra\" OR \"dentist\"", "", 0)]
    [InlineData("zebra dentist", 1, "\"dentist\"", "\"dentist\"", "", 1)]
    [InlineData("zebra the meeting", 10, "\"the\" AND \"meeting\"", "\"meeting\"", "", 5)]
    [InlineData("zebra", 10, "\"zebra\"", "\"zebra\"", "", 0)]
    // Hostile rows: no tokens, FTS syntax, case and duplicates, a zero budget.
    [InlineData("!!! ???", 10, null, null, "", 0)]
    [InlineData("MEETING meeting OR NEAR(the)", 850, "\"meeting\"", "\"meeting\"", "the", 0)]
    [InlineData("dentist why", 0, "\"dentist\" AND \"why\"", "\"dentist\"", "", 1)]
    public void For_Table_KeepsRarestTermsWithinBudget(string query, int budget, string? and, string? or, string dropped, int window)
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
        Assert.Equal(window, plan.Window);
        Assert.All(probes, cap => Assert.Equal(budget, cap));
    }

    [Theory]
    [InlineData(1_000_000, 5_000, 1, true)]
    [InlineData(1_000_000, 5_000, 3, true)]
    [InlineData(1_000_000, 5_000, 3, false)]
    [InlineData(10_000, 5_000, 2, true)]
    [InlineData(5_000, 5_000, 1, true)]
    [InlineData(0, 5_000, 1, false)]
    public void UnrankedRank_Table_NegativeAndAndOutranksOr(long rows, int budget, int terms, bool all)
    {
        var words = string.Join(' ', Enumerable.Range(0, terms).Select(i => "w" + i));
        var plan = KeywordPlan.For(words, (_, cap) => cap + 1, budget);

        var rank = plan.UnrankedRank(rows, all);
        var ratio = (rows - budget + 0.5) / (budget + 0.5);
        var idf = ratio > 1 ? Math.Log(ratio) : 1e-6;

        Assert.True(rank < 0, "FTS5 ranks are negative");
        Assert.True(double.IsFinite(rank));
        Assert.Equal(-idf * (all ? terms : 1), rank, 9);
        Assert.True(plan.UnrankedRank(rows, all: true) <= plan.UnrankedRank(rows, all: false));
    }
}
