using Carapace.Memory.Chunking;
using Carapace.Memory.Index;
using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Index;

/// <summary>The keyword query of <see cref="MemoryIndexStore"/> ranks without scope joins only while the asked scopes cover the whole index.</summary>
public sealed class KeywordScopeTests
{
    [Fact]
    public void Keyword_ScopesChangeAfterWrites_OnlyAllowedScopesEverMatch()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        var owner = Add(store, "MEMORY.md", MemoryDocument.OwnerScope, "the lisbon trip is booked");

        var ownerOnly = store.Keyword("\"lisbon\"", [MemoryDocument.OwnerScope], 10);
        var session = Add(store, "sessions/a.md", "agent:main:a", "lisbon again, from a session");
        var afterSession = store.Keyword("\"lisbon\"", [MemoryDocument.OwnerScope], 10);
        var both = store.Keyword("\"lisbon\"", [MemoryDocument.OwnerScope, "agent:main:a"], 10);
        store.RemoveFile("MEMORY.md");
        var sessionOnly = store.Keyword("\"lisbon\"", ["agent:main:a"], 10);
        var ownerGone = store.Keyword("\"lisbon\"", [MemoryDocument.OwnerScope], 10);

        Assert.Equal([owner], ownerOnly.Select(k => k.SegmentId));
        Assert.Equal([owner], afterSession.Select(k => k.SegmentId));
        Assert.Equal(new[] { owner, session }.Order(), both.Select(k => k.SegmentId).Order());
        Assert.Equal([session], sessionOnly.Select(k => k.SegmentId));
        Assert.Empty(ownerGone);
        Assert.All(both, k => Assert.True(k.Rank < 0, "bm25 rank is negative"));
    }

    [Fact]
    public void KeywordWindow_EveryTermOverBudget_FindsTheExactTermSegmentWithinTheWindowOnly()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        var old = Add(store, "old.md", MemoryDocument.OwnerScope, "coffee on a sunday morning");
        for (var i = 0; i < 20; i++)
        {
            Add(store, $"c{i}.md", MemoryDocument.OwnerScope, $"coffee number {i}");
        }

        var morning = Add(store, "m.md", MemoryDocument.OwnerScope, "a quiet morning");
        var session = Add(store, "sessions/a.md", "agent:main:a", "coffee every morning in the session");
        var exact = Add(store, "exact.md", MemoryDocument.OwnerScope, "morning coffee with Ana");

        // coffee: 23 rows, morning: 4; a budget of 3 fits neither, so both run unranked over the newest 3 / 2 = 1 id.
        var plan = KeywordPlan.For("coffee morning", store.Postings, 3);
        var and = plan.Matches(store, true, [MemoryDocument.OwnerScope, "agent:main:a"], 10).ToList();
        var or = plan.Matches(store, false, [MemoryDocument.OwnerScope, "agent:main:a"], 10).ToList();
        var ownerOnly = plan.Matches(store, false, [MemoryDocument.OwnerScope], 10).ToList();

        Assert.Equal(1, plan.Window);
        Assert.Equal([exact], and.Select(m => m.SegmentId));
        Assert.Equal([exact], or.Select(m => m.SegmentId));
        Assert.Equal([exact], ownerOnly.Select(m => m.SegmentId));
        Assert.DoesNotContain(old, and.Select(m => m.SegmentId));
        Assert.All(and.Concat(or), m => Assert.True(m.Rank < 0, "an unranked hit still carries a negative FTS5-style rank"));

        // A wider window reaches further back, each segment with the terms it holds (bit i: term i), within the scopes.
        string[] both = [MemoryDocument.OwnerScope, "agent:main:a"];
        var (matched, newest) = store.KeywordWindow(["coffee", "morning"], both, 4);
        Assert.Equal(exact, newest);
        Assert.Equal(new Dictionary<long, ulong> { [exact] = 3, [session] = 3, [morning] = 2, [morning - 1] = 1 }, matched);
        Assert.Equal(new Dictionary<long, ulong> { [exact] = 3, [morning] = 2, [morning - 1] = 1 }, store.KeywordWindow(["coffee", "morning"], [MemoryDocument.OwnerScope], 4).Matched);
    }

    [Fact]
    public void Matches_WindowPlan_RanksRowsHoldingMoreKeywordsFirstThenTheNewest()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        for (var i = 0; i < 10; i++)
        {
            Add(store, $"c{i}.md", MemoryDocument.OwnerScope, $"coffee number {i}");
            Add(store, $"m{i}.md", MemoryDocument.OwnerScope, $"morning number {i}");
        }

        var both = Add(store, "both.md", MemoryDocument.OwnerScope, "coffee in the morning");
        var coffee = Add(store, "coffee.md", MemoryDocument.OwnerScope, "more coffee");
        var morning = Add(store, "morning.md", MemoryDocument.OwnerScope, "a late morning");

        // 12 rows each over a budget of 6: unranked over the newest 6 / 2 = 3 ids.
        var plan = KeywordPlan.For("coffee morning", store.Postings, 6);
        var and = plan.Matches(store, true, [MemoryDocument.OwnerScope], 10).ToList();
        var or = plan.Matches(store, false, [MemoryDocument.OwnerScope], 10).ToList();

        Assert.Equal(3, plan.Window);
        Assert.Equal([both], and.Select(m => m.SegmentId));
        Assert.Equal([both, morning, coffee], or.Select(m => m.SegmentId));
        Assert.Equal(and[0].Rank, or[0].Rank);
        Assert.True(or[0].Rank < or[1].Rank, "a row holding both keywords ranks above one holding one");
        Assert.Equal(or[1].Rank, or[2].Rank);
    }

    [Fact]
    public void KeywordWindow_EmptyIndex_FindsNothing()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));

        var (matched, newest) = store.KeywordWindow(["coffee"], [MemoryDocument.OwnerScope], 5);

        Assert.Empty(matched);
        Assert.Equal(0, newest);
    }

    [Fact]
    public void Postings_AcrossWrites_StaysExactUpToTheCap()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        for (var i = 0; i < 6; i++)
        {
            Add(store, $"c{i}.md", MemoryDocument.OwnerScope, $"coffee number {i}");
        }

        Add(store, "t0.md", MemoryDocument.OwnerScope, "green tea");
        var counts = new List<int> { store.Postings("coffee", 2), store.Postings("tea", 2), store.Postings("zebra", 2) };

        Add(store, "t1.md", MemoryDocument.OwnerScope, "tea and a zebra");
        counts.AddRange([store.Postings("coffee", 2), store.Postings("tea", 2), store.Postings("zebra", 2)]);
        store.RemoveFile("c0.md");
        store.RemoveFile("c1.md");
        counts.Add(store.Postings("coffee", 2));
        store.RemoveFile("c2.md");
        counts.Add(store.Postings("coffee", 2));
        store.RemoveFile("c3.md");
        counts.Add(store.Postings("coffee", 2));
        counts.Add(store.Postings("coffee", 100));

        // coffee 6 → 3 (over cap 2) until only 3 remain (still over), then 2 and exactly 2 with a larger cap.
        Assert.Equal([3, 1, 0, 3, 2, 1, 3, 3, 2, 2], counts);
    }

    private static long Add(MemoryIndexStore store, string path, string scope, string text)
    {
        var hash = MarkdownChunker.Hash(text);
        var chunk = new MemoryChunk(1, 1, text, hash) { Segments = [new MemorySegment(1, 1, 0, text.Length, 0, text.Length, hash)] };
        var doc = new MemoryDocument(path, "memory", scope, DateTimeOffset.UnixEpoch, text.Length);
        return store.ReplaceFile(doc, hash, [chunk], null, 0).Added.Single().Id;
    }
}
