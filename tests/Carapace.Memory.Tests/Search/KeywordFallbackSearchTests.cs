using System.Text;

namespace Carapace.Memory.Tests.Search;

/// <summary>Through the whole searcher: a query of only everyday words takes the bounded unranked keyword path and still finds the line holding all of them.</summary>
public sealed class KeywordFallbackSearchTests
{
    private const string Filler = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu";

    [Fact]
    public async Task SearchAsync_EveryTermOverBudget_FindsTheExactTermLine()
    {
        await using var f = await MemoryFixture.CreateAsync(dir =>
        {
            var text = new StringBuilder();
            for (var i = 0; i < 5_200; i++)
            {
                text.Append("- coffee ").Append(Filler).Append(' ').Append(i).Append("\n\n");
                text.Append("- morning ").Append(Filler).Append(' ').Append(i).Append("\n\n");
            }

            text.Append("- coffee on the morning Ana came by\n");
            dir.File("MEMORY.md", text.ToString());
        }, keywordOnly: true);
        await f.SyncAsync();

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "coffee morning", 3, 0, CancellationToken.None);

        Assert.True(f.Memory.Index.Status().Segments > 2 * 5_000, "each word must be in more segments than the budget");
        Assert.Equal("keyword-only", result.Mode);
        Assert.NotEmpty(result.Results);
        Assert.Contains("Ana came by", result.Results[0].Snippet, StringComparison.Ordinal);
        Assert.All(result.Results, r => Assert.True(r.Score > 0));
    }
}
