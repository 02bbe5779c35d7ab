using Carapace.Memory.Index;
using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class MemorySearcherTests
{
    private static void Seed(TempDir dir)
    {
        dir.File("MEMORY.md", "# Memory\n- Alice prefers oat milk in her coffee\n- CANARY-OWNER-SECRET lives here\n");
        dir.File("memory/2026-03-30.md", "- booked the dentist for Friday 9am\n- talked to Bob about the Lisbon trip\n");
        dir.File("memory/2026-01-02.md", "- started learning the cello\n");
    }

    [Fact]
    public async Task SearchAsync_OwnerDirect_FindsTheLineWithCitation()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "when is the dentist appointment", null, null, CancellationToken.None);

        var top = result.Results[0];
        Assert.Equal("hybrid", result.Mode);
        Assert.Null(result.Reason);
        Assert.Equal("memory/2026-03-30.md", top.Path);
        Assert.Contains("dentist", top.Snippet, StringComparison.Ordinal);
        Assert.Equal(MemoryHit.Cite(top.Path, top.StartLine, top.EndLine), top.Citation);
        Assert.StartsWith("memory/2026-03-30.md#L1", top.Citation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_EmojiBeforeTheHit_SnippetIsExactlyTheCitedLines()
    {
        // Astral characters (two UTF-16 units, one code point) before a segment must not shift its text.
        var lines = Enumerable.Range(0, 40).Select(i => i == 30 ? "- talked to Bob about the Lisbon trip 🧳" : $"- 🎉🎉 item {i} 👍 done 🚀 with a few more words to fill the line").ToArray();
        await using var f = await MemoryFixture.CreateAsync(dir => dir.File("memory/2026-03-30.md", string.Join('\n', lines) + "\n"));

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "Lisbon", null, null, CancellationToken.None);

        var hit = Assert.Single(result.Results, r => r.Snippet.Contains("Lisbon", StringComparison.Ordinal));
        Assert.InRange(hit.StartLine, 1, 31);
        Assert.Equal(string.Join('\n', lines[(hit.StartLine - 1)..hit.EndLine]), hit.Snippet.TrimEnd('\n'));
    }

    [Fact]
    public async Task SearchAsync_GroupScope_GetsNothingFromOwnerFilesAndSaysWhy()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        await f.SyncAsync();

        var group = await f.Memory.Searcher.SearchAsync(Scopes.OwnerInGroup, "CANARY-OWNER-SECRET", null, 0, CancellationToken.None);
        var stranger = await f.Memory.Searcher.SearchAsync(Scopes.Stranger, "CANARY-OWNER-SECRET oat milk", null, 0, CancellationToken.None);
        var owner = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "CANARY-OWNER-SECRET", null, null, CancellationToken.None);

        Assert.Empty(group.Results);
        Assert.Empty(stranger.Results);
        Assert.Contains("private", group.Notice, StringComparison.Ordinal);
        Assert.Contains(owner.Results, r => r.Snippet.Contains("CANARY-OWNER-SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_SameQueryTwice_EmbedsItOnceWithSameResults()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        await f.SyncAsync();
        var before = f.Embeddings.Embedded;

        var first = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "Lisbon trip", null, null, CancellationToken.None);
        var second = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "Lisbon trip", null, null, CancellationToken.None);
        await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "the cello", null, null, CancellationToken.None);

        Assert.Equal(before + 2, f.Embeddings.Embedded);
        Assert.Equal(first.Results.Select(r => (r.Citation, r.Score)), second.Results.Select(r => (r.Citation, r.Score)));
        Assert.Contains(second.Results, r => r.Snippet.Contains("Lisbon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_EmbeddingsDown_DegradesToKeywordAndSaysSo()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        await f.SyncAsync();
        f.Embeddings.Failure = new HttpRequestException("connection refused");

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "Lisbon trip", null, null, CancellationToken.None);

        Assert.Equal("keyword-only", result.Mode);
        Assert.Contains("connection refused", result.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Results, r => r.Snippet.Contains("Lisbon", StringComparison.Ordinal));
        Assert.Equal("keyword-only", f.Memory.Index.Status().Mode);
    }

    [Fact]
    public async Task SearchAsync_NoProvider_IsKeywordOnlyWithReason()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed, keywordOnly: true);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "cello", null, null, CancellationToken.None);

        Assert.Equal("keyword-only", result.Mode);
        Assert.Contains("no embedding provider", result.Reason, StringComparison.Ordinal);
        Assert.Equal("memory/2026-01-02.md#L1", Assert.Single(result.Results).Citation);
    }

    [Fact]
    public async Task SearchAsync_HighMinScore_StillKeepsExactKeywordHits()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "cello", null, 0.99, CancellationToken.None);

        Assert.Contains(result.Results, r => r.Snippet.Contains("cello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_TemporalDecayOn_RanksTheRecentLogFirst()
    {
        var options = new MemorySearchOptions { Query = new MemoryQueryOptions { TemporalDecay = true, MinScore = 0 } };
        await using var f = await MemoryFixture.CreateAsync(d =>
        {
            d.File("memory/2025-01-01.md", "- project falcon status review\n");
            d.File("memory/2026-03-30.md", "- project falcon status review\n");
        }, options);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "project falcon status review", null, null, CancellationToken.None);

        Assert.Equal("memory/2026-03-30.md", result.Results[0].Path);
        Assert.True(result.Results[0].Score > 10 * result.Results[^1].Score);
    }

    [Fact]
    public async Task SearchAsync_SessionsSource_OnlyTheScopesOwnSession()
    {
        var source = new ListSource("sessions",
            new MemoryDocument("sessions/a.jsonl", "sessions", Scopes.Stranger.SessionKey, DateTimeOffset.UnixEpoch, 1), "User: my locker code is 4711",
            new MemoryDocument("sessions/b.jsonl", "sessions", "agent:main:telegram:direct:555", DateTimeOffset.UnixEpoch, 1), "User: my locker code is 9999");
        var options = new MemorySearchOptions { Sources = ["memory", "sessions"] };
        await using var f = await MemoryFixture.CreateAsync(Seed, options, [source]);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.Stranger, "locker code", null, 0, CancellationToken.None);

        var hit = Assert.Single(result.Results);
        Assert.Equal("sessions/a.jsonl", hit.Path);
        Assert.Equal("sessions", hit.Source);
        Assert.DoesNotContain("9999", hit.Snippet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SearchAsync_EmptyQuery_ReturnsNothingWithNotice(string query)
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, query, null, null, CancellationToken.None);

        Assert.Empty(result.Results);
        Assert.Contains("empty", result.Notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"dentist\" OR NEAR(a b) * ^ col:x")]
    [InlineData("___ dentist _")]
    [InlineData("dentist \u0301\u0301 x̧")]
    public async Task SearchAsync_HostileFtsSyntax_DoesNotThrow(string query)
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, query, null, 0, CancellationToken.None);

        Assert.Contains(result.Results, r => r.Snippet.Contains("dentist", StringComparison.Ordinal));
    }

    private sealed class ListSource(string name, params object[] pairs) : IMemorySource
    {
        public string Name => name;

        public ValueTask<IReadOnlyList<MemoryDocument>> ListAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MemoryDocument>>(pairs.OfType<MemoryDocument>().ToList());

        public ValueTask<string?> ReadAsync(MemoryDocument document, CancellationToken cancellationToken)
        {
            var i = Array.IndexOf(pairs, document);
            return ValueTask.FromResult((string?)pairs[i + 1]);
        }
    }
}
