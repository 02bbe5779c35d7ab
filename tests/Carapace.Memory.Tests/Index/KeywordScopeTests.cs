using Carapace.Memory.Chunking;
using Carapace.Memory.Index;

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

    private static long Add(MemoryIndexStore store, string path, string scope, string text)
    {
        var hash = MarkdownChunker.Hash(text);
        var chunk = new MemoryChunk(1, 1, text, hash) { Segments = [new MemorySegment(1, 1, 0, text.Length, 0, text.Length, hash)] };
        var doc = new MemoryDocument(path, "memory", scope, DateTimeOffset.UnixEpoch, text.Length);
        return store.ReplaceFile(doc, hash, [chunk], null, 0).Added.Single().Id;
    }
}
