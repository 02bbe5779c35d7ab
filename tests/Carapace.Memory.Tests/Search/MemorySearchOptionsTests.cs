using Carapace.Core.Config;
using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class MemorySearchOptionsTests
{
    [Fact]
    public void BindRoot_Empty_GivesReferenceDefaults()
    {
        var doc = ConfigDocument.Empty("test");

        var options = MemorySearchOptions.BindRoot(doc.Root);

        Assert.Equal((6, 0.35, 0.7, 0.3, 4), (options.Query.MaxResults, options.Query.MinScore, options.Query.VectorWeight, options.Query.TextWeight, options.Query.CandidateMultiplier));
        Assert.Equal((30.0, 1.0), (options.Query.KeywordSaturation, options.Query.DateBoost));
        Assert.Equal((400, 80, 1500), (options.Chunking.Tokens, options.Chunking.Overlap, options.Sync.WatchDebounceMs));
        Assert.Equal("local", options.Embeddings.Provider);
        Assert.Equal(["memory"], options.Sources);
        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void BindRoot_OpenClawLegacyKeys_AreAccepted()
    {
        var doc = ConfigDocument.Parse("{ agents: { defaults: { memorySearch: { provider: 'none', query: { maxResults: 9, hybrid: { vectorWeight: 0.6, textWeight: 0.2, temporalDecay: { enabled: true, halfLifeDays: 7 } } }, sources: ['memory', 'sessions'] } } } }", "openclaw.json");

        var options = MemorySearchOptions.BindRoot(doc.Root);

        Assert.Equal("none", options.Embeddings.Provider);
        Assert.Equal(9, options.Query.MaxResults);
        Assert.Equal(0.75, options.Query.VectorWeight, 9); // normalised to sum 1
        Assert.Equal(0.25, options.Query.TextWeight, 9);
        Assert.Equal((true, 7.0), (options.Query.TemporalDecay, options.Query.HalfLifeDays));
        Assert.Equal(["memory", "sessions"], options.Sources);
        Assert.False(doc.HasErrors);
    }

    [Fact]
    public void Bind_RankingKeys_AreRead()
    {
        var doc = ConfigDocument.Parse("{ memory: { search: { query: { dateBoost: 0.5, hybrid: { keywordSaturation: 1 } } } } }", "config.json5");

        var query = MemorySearchOptions.BindRoot(doc.Root).Query;

        Assert.Equal((0.5, 1.0), (query.DateBoost, query.KeywordSaturation));
        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void Bind_SearchWait_IsReadWithItsDefault()
    {
        var doc = ConfigDocument.Parse("{ memory: { search: { sync: { searchWaitMs: 250 } } } }", "config.json5");

        Assert.Equal(250, MemorySearchOptions.BindRoot(doc.Root).Sync.SearchWaitMs);
        Assert.Equal(5000, MemorySearchOptions.BindRoot(ConfigDocument.Empty("test").Root).Sync.SearchWaitMs);
        Assert.Empty(doc.Diagnostics);
    }

    [Theory]
    [InlineData("{ memory: { search: { query: { minScore: 2 } } } }", "memory.search.query.minScore")]
    [InlineData("{ memory: { search: { provider: 'gpt' } } }", "memory.search.provider")]
    [InlineData("{ memory: { search: { sources: ['memory', 'wiki'] } } }", "memory.search.sources")]
    [InlineData("{ memory: { search: { chunking: { tokens: 'big' } } } }", "memory.search.chunking.tokens")]
    [InlineData("{ memory: { search: { remote: { baseUrl: 'not a url' } } } }", "memory.search.remote.baseUrl")]
    [InlineData("{ memory: { search: { query: { hybrid: { vectorWeight: 0, textWeight: 0 } } } } }", "memory.search.query.hybrid")]
    [InlineData("{ memory: { search: { query: { dateBoost: 'yes' } } } }", "memory.search.query.dateBoost")]
    [InlineData("{ memory: { search: { query: { dateBoost: -1 } } } }", "memory.search.query.dateBoost")]
    [InlineData("{ memory: { search: { query: { hybrid: { keywordSaturation: 0 } } } } }", "memory.search.query.hybrid.keywordSaturation")]
    [InlineData("{ memory: { search: { sync: { searchWaitMs: -5 } } } }", "memory.search.sync.searchWaitMs")]
    public void Bind_BadValues_AreErrorsNamingTheKey(string json, string path)
    {
        var doc = ConfigDocument.Parse(json, "config.json5");

        MemorySearchOptions.BindRoot(doc.Root);

        Assert.Contains(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error && d.Path == path);
    }
}
