using Carapace.Memory.Index;
using Carapace.Memory.Search;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests.Index;

public sealed class MemoryIndexTests
{
    [Fact]
    public async Task SyncAsync_UnchangedFiles_AreNotReembedded()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("memory/2026-03-30.md", "- one\n- two\n"));
        await f.SyncAsync();
        var first = f.Embeddings.Embedded;

        File.SetLastWriteTimeUtc(Path.Combine(f.Dir.Workspace, "memory/2026-03-30.md"), DateTime.UtcNow.AddMinutes(5)); // touched, same content
        await f.SyncAsync();

        Assert.True(first > 0);
        Assert.Equal(first, f.Embeddings.Embedded);
    }

    [Fact]
    public async Task SyncAsync_EditedAndDeletedFiles_UpdateTheIndex()
    {
        await using var f = await MemoryFixture.CreateAsync(d =>
        {
            d.File("memory/a.md", "- giraffe facts\n");
            d.File("memory/b.md", "- zebra facts\n");
        });
        await f.SyncAsync();

        f.Dir.File("memory/a.md", "- elephant facts\n");
        File.Delete(Path.Combine(f.Dir.Workspace, "memory/b.md"));
        await f.SyncAsync();

        var search = f.Memory.Searcher;
        Assert.DoesNotContain((await search.SearchAsync(Scopes.OwnerDirect, "giraffe", null, 0, CancellationToken.None)).Results, r => r.Snippet.Contains("giraffe", StringComparison.Ordinal));
        Assert.DoesNotContain((await search.SearchAsync(Scopes.OwnerDirect, "zebra", null, 0, CancellationToken.None)).Results, r => r.Path == "memory/b.md");
        Assert.Contains((await search.SearchAsync(Scopes.OwnerDirect, "elephant", null, 0, CancellationToken.None)).Results, r => r.Snippet.Contains("elephant", StringComparison.Ordinal));
        var status = f.Memory.Index.Status();
        Assert.Equal((1, 1, 1), (status.Files, status.Chunks, status.Vectors));
        Assert.Equal(TestEmbeddingGenerator.Dimensions, status.Dimensions);
        Assert.Equal(f.Time.GetUtcNow(), status.LastSync);
    }

    [Fact]
    public async Task OpenAsync_ChangedModel_RebuildsAsideWithoutMixingVectors()
    {
        using var dir = new TempDir();
        dir.File("MEMORY.md", "- the wifi password is on the fridge\n");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var first = new TestEmbeddingGenerator();
        await using (var memory = await AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, new MemorySearchOptions(), time, TimeZoneInfo.Utc, CancellationToken.None, (first, "model-a")))
        {
            await memory.Index.SyncAsync(false, null, CancellationToken.None);
        }

        var second = new TestEmbeddingGenerator();
        await using var reopened = await AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, new MemorySearchOptions(), time, TimeZoneInfo.Utc, CancellationToken.None, (second, "model-b"));
        Assert.True(reopened.Index.NeedsRebuild);
        Assert.Equal(0, reopened.Index.Status().Vectors); // model-a vectors are not loaded for model-b
        Assert.Contains("rebuilt", reopened.Index.Status().Reason, StringComparison.Ordinal);

        await reopened.Index.SyncAsync(false, null, CancellationToken.None);

        Assert.False(reopened.Index.NeedsRebuild);
        Assert.True(second.Embedded > 0);
        Assert.Equal(1, reopened.Index.Status().Vectors);
        Assert.False(File.Exists(reopened.Index.StorePath + ".rebuild"));
        var hit = await reopened.Searcher.SearchAsync(Scopes.OwnerDirect, "wifi password", null, null, CancellationToken.None);
        Assert.Equal("hybrid", hit.Mode);
        Assert.Single(hit.Results);
    }

    [Fact]
    public async Task SyncAsync_Force_RebuildsAndReusesCachedVectors()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- alpha\n- beta\n"));
        await f.SyncAsync();
        var before = f.Embeddings.Embedded;
        var progress = new List<SyncProgress>();

        await f.Memory.Index.SyncAsync(force: true, new SynchronousProgress(progress.Add), CancellationToken.None);

        Assert.Equal(before, f.Embeddings.Embedded); // cache carried into the rebuilt file
        Assert.Equal(1, f.Memory.Index.Status().Vectors);
        Assert.Equal(new SyncProgress(1, 1, null), progress[^1]);
    }

    [Fact]
    public async Task SyncAsync_EmbeddingsFailThenRecover_BackfillsVectors()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- gamma\n"));
        f.Embeddings.Failure = new InvalidOperationException("provider down");
        await f.SyncAsync();
        Assert.Equal(("keyword-only", 0), (f.Memory.Index.Status().Mode, f.Memory.Index.Status().Vectors));

        f.Embeddings.Failure = null;
        await f.SyncAsync();

        Assert.Equal(("hybrid", 1), (f.Memory.Index.Status().Mode, f.Memory.Index.Status().Vectors));
    }

    [Fact]
    public async Task SyncAsync_SomeVectorsMissingThenRecover_BackfillsOnlyTheMissing()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- gamma\n"));
        await f.SyncAsync();
        f.Embeddings.Failure = new InvalidOperationException("provider down");
        f.Dir.File("memory/2026-03-31.md", "- delta\n");
        await f.SyncAsync();
        Assert.Equal((2, 1), (f.Memory.Index.Status().Segments, f.Memory.Index.Status().Vectors));

        f.Embeddings.Failure = null;
        var embeddedBefore = f.Embeddings.Embedded;
        await f.SyncAsync();

        Assert.Equal(("hybrid", 2), (f.Memory.Index.Status().Mode, f.Memory.Index.Status().Vectors));
        Assert.Equal(embeddedBefore + 1, f.Embeddings.Embedded);
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
