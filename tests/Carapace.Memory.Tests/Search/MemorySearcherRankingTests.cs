using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

/// <summary>The ranking steps through the real index: the lift for a day the query names.</summary>
public sealed class MemorySearcherRankingTests
{
    private static void Seed(TempDir dir)
    {
        dir.File("memory/2026-03-02.md", "- Ben fixed the garden fence\n");
        dir.File("memory/2026-03-20.md", "- Ben fixed the garden fence again\n");
    }

    [Theory]
    [InlineData("what did Ben fix on March 2, 2026", "memory/2026-03-02.md")]
    [InlineData("what did Ben fix on 20 March 2026", "memory/2026-03-20.md")]
    [InlineData("what did Ben fix on 2026-03-02", "memory/2026-03-02.md")]
    public async Task SearchAsync_QueryNamesADay_RanksThatDaysLogFirst(string query, string path)
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, query, 5, 0, CancellationToken.None);

        Assert.Equal(path, result.Results[0].Path);
        Assert.InRange(result.Results[0].Score, 0, 1);
    }

    [Fact]
    public async Task SearchAsync_DateBoostOff_DayNamedInQueryDoesNotReorder()
    {
        var options = new MemorySearchOptions { Query = new MemoryQueryOptions { DateBoost = 0 } };
        await using var f = await MemoryFixture.CreateAsync(Seed, options);

        var named = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "what did Ben fix on March 20, 2026", 5, 0, CancellationToken.None);
        var plain = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "what did Ben fix on March 2, 2026", 5, 0, CancellationToken.None);

        Assert.Equal(named.Results[0].Path, plain.Results[0].Path);
    }

    [Fact]
    public async Task SearchAsync_KeywordOnly_KeepsOpenClawsKeywordScale()
    {
        await using var f = await MemoryFixture.CreateAsync(
            dir =>
            {
                dir.File("memory/2026-03-02.md", "- Ben fixed the garden fence\n");
                dir.File("memory/2026-03-03.md", "- Ann baked rye bread\n");
                dir.File("memory/2026-03-04.md", "- Cat walked to the park\n");
            },
            keywordOnly: true);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "garden fence", 5, null, CancellationToken.None);

        // |r|/(1+|r|) with |r| ≈ 1: the match clears the default minScore 0.35 on its own; |r|/(30+|r|) would give ≈ 0.03.
        Assert.InRange(Assert.Single(result.Results).Score, 0.35, 1);
    }
}
