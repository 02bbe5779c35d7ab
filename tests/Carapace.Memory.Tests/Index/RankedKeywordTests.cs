using Carapace.Memory.Chunking;
using Carapace.Memory.Index;
using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Index;

/// <summary><see cref="MemoryIndexStore.Ranked"/> scores in memory exactly as FTS5's bm25() does, and only within the asked scopes.</summary>
public sealed class RankedKeywordTests
{
    private const string Session = "agent:main:a";

    private static readonly string[] Words =
    [
        "research", "researching", "researchers", "café", "cafe", "Café", "lisbon", "trip", "booked", "coffee", "morning", "tea",
        "Ana", "ana's", "run", "running", "ran", "zebra", "2026", "x1", "naïve", "quiet", "the", "a",
    ];

    public static TheoryData<string[], bool> Queries => new()
    {
        { ["research"], true },
        { ["cafe", "lisbon"], true },
        { ["cafe", "lisbon"], false },
        { ["Researching", "trip", "zebra"], false },
        { ["coffee", "coffee", "morning"], true },
        { ["coffee_morning"], true },
        { ["coffee_morning", "tea"], false },
        { ["morning_morning"], false },
        { ["naive", "quiet", "ana"], false },
        { ["2026", "x1"], false },
        { ["___", "tea"], false },
        { ["___", "tea"], true },
        { ["nothingmatchesthis"], true },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Ranked_RandomCorpusAcrossWrites_MatchesFts5Bm25(string[] phrases, bool all)
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        var random = new Random(11);
        for (var i = 0; i < 120; i++)
        {
            Add(store, $"f{i}.md", i % 3 == 0 ? Session : MemoryDocument.OwnerScope, random, 1 + random.Next(4));
        }

        string[] both = [MemoryDocument.OwnerScope, Session];
        AssertSameAsFts5(store, phrases, all, both);

        // Written after the stats were loaded: added, replaced and removed files are all seen.
        for (var i = 0; i < 30; i++)
        {
            Add(store, $"f{i * 4}.md", i % 2 == 0 ? Session : MemoryDocument.OwnerScope, random, 1 + random.Next(3));
            store.RemoveFile($"f{i * 4 + 1}.md");
        }

        AssertSameAsFts5(store, phrases, all, both);
        AssertSameAsFts5(store, phrases, all, [MemoryDocument.OwnerScope]);
        AssertSameAsFts5(store, phrases, all, [Session]);
    }

    [Fact]
    public void Ranked_BulkWriteDropsTheStatistics_StillMatchesFts5AndCountsStayExact()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        var random = new Random(17);
        Add(store, "first.md", MemoryDocument.OwnerScope, random, 3);
        store.LoadKeywordStatistics();

        // More segments written with no read in between than the store keeps its statistics through.
        for (var i = 0; i < 2_100; i++)
        {
            Add(store, $"bulk{i}.md", i % 2 == 0 ? Session : MemoryDocument.OwnerScope, random, 1);
        }

        store.RemoveFile("bulk7.md");
        string[] both = [MemoryDocument.OwnerScope, Session];
        AssertSameAsFts5(store, ["cafe", "lisbon"], false, both);
        AssertSameAsFts5(store, ["research", "trip"], true, [Session]);
        var coffee = store.Keyword("\"coffee\"", both, 100_000).Count;
        Assert.Equal(Math.Min(coffee, 100_001), store.Postings("coffee", 100_000));

        // Kept again from here on: a small write after the read is counted, not dropped.
        Add(store, "late.md", MemoryDocument.OwnerScope, "coffee coffee at the cafe");
        Assert.Equal(Math.Min(coffee + 1, 100_001), store.Postings("coffee", 100_000));
        AssertSameAsFts5(store, ["coffee", "cafe"], true, both);
    }

    [Fact]
    public void Ranked_TermOverThePostingsCap_LeavesTheQueryToFts5()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        Add(store, "c.md", MemoryDocument.OwnerScope, "coffee at nine");
        Add(store, "z.md", MemoryDocument.OwnerScope, "coffee coffee zebra");

        Assert.Null(store.Ranked(["coffee", "zebra"], all: true, [MemoryDocument.OwnerScope], 10, maxPostings: 2));
        Assert.Single(store.Ranked(["zebra"], all: true, [MemoryDocument.OwnerScope], 10, maxPostings: 2)!);
    }

    [Fact]
    public void Matches_RankedPlan_ReturnsWhatFts5Ranks()
    {
        using var dir = new TempDir();
        using var store = MemoryIndexStore.Open(System.IO.Path.Combine(dir.Path, "index.sqlite"));
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            Add(store, $"f{i}.md", MemoryDocument.OwnerScope, random, 2);
        }

        var plan = KeywordPlan.For("Researching the Lisbon café trip", store.Postings, 1_000);
        string[] owner = [MemoryDocument.OwnerScope];

        Assert.Equal(0, plan.Window);
        Assert.Equal(store.Keyword(plan.And!, owner, 20).Select(k => Math.Round(k.Rank, 9)), plan.Matches(store, true, owner, 20).Select(k => Math.Round(k.Rank, 9)));
        Assert.Equal(store.Keyword(plan.Or!, owner, 20).Select(k => Math.Round(k.Rank, 9)), plan.Matches(store, false, owner, 20).Select(k => Math.Round(k.Rank, 9)));
    }

    private static void AssertSameAsFts5(MemoryIndexStore store, string[] phrases, bool all, string[] scopes)
    {
        var expected = store.Keyword(FtsQuery.Join(phrases, all ? " AND " : " OR ")!, scopes, 1_000).ToDictionary(k => k.SegmentId, k => k.Rank);
        var ranked = store.Ranked(phrases, all, scopes, 1_000, maxPostings: 100_000);

        Assert.NotNull(ranked);
        Assert.Equal(expected.Keys.Order(), ranked.Select(r => r.SegmentId).Order());
        Assert.All(ranked, r => Assert.Equal(expected[r.SegmentId], r.Rank, 1e-9));
        Assert.Equal(ranked.OrderBy(r => r.Rank).ThenBy(r => r.SegmentId), ranked);
        if (phrases.Contains("research") || phrases.Contains("cafe"))
        {
            Assert.NotEmpty(ranked); // the corpus holds these, stemmed and unaccented forms included
        }
    }

    private static void Add(MemoryIndexStore store, string path, string scope, Random random, int lines)
    {
        var text = string.Join('\n', Enumerable.Range(0, lines).Select(_ => string.Join(random.Next(5) == 0 ? "_" : " ", Enumerable.Range(0, 2 + random.Next(10)).Select(_ => Words[random.Next(Words.Length)]))));
        Add(store, path, scope, text);
    }

    private static void Add(MemoryIndexStore store, string path, string scope, string text)
    {
        var hash = MarkdownChunker.Hash(text);
        var segments = new List<MemorySegment>();
        var offset = 0;
        var line = 1;
        foreach (var part in text.Split('\n'))
        {
            segments.Add(new MemorySegment(line, line, offset, part.Length, offset, part.Length, MarkdownChunker.Hash(part)));
            offset += part.Length + 1;
            line++;
        }

        var chunk = new MemoryChunk(1, line - 1, text, hash) { Segments = segments };
        store.ReplaceFile(new MemoryDocument(path, "memory", scope, DateTimeOffset.UnixEpoch, text.Length), hash, [chunk], null, 0);
    }
}
