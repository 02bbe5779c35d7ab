using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests.Index;

/// <summary>
/// A search never silently answers from files older than the workspace: edits made while the memory was closed and
/// changes the watcher has seen but not yet indexed (its debounce still running) are synced before the search reads,
/// and a sync that outlasts <c>sync.searchWaitMs</c> goes on in the background while the result says so.
/// </summary>
public sealed class IndexFreshnessTests
{
    [Fact]
    public async Task Search_FileEditedWhileClosed_FirstSearchAfterReopeningFindsIt()
    {
        using var dir = new TempDir();
        dir.File("MEMORY.md", "- the boat is called Heron\n");
        await using (var first = await OpenAsync(dir))
        {
            await first.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
        }

        dir.File("MEMORY.md", "- the boat is called Heron\n- the mooring fee is due in May\n");
        await using var reopened = await OpenAsync(dir);
        reopened.StartWatching();

        var result = await reopened.Searcher.SearchAsync(Scopes.OwnerDirect, "mooring fee", null, null, CancellationToken.None);

        Assert.Contains(result.Results, r => r.Snippet.Contains("mooring fee is due in May", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_WhileWatcherDebounces_SyncsTheChangeFirst()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- old note\n"));
        await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "old note", null, null, CancellationToken.None);
        var watcher = f.Memory.StartWatching();
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ChangeScheduled += () => scheduled.TrySetResult();
        Assert.False(f.Memory.Index.HasUnsyncedChanges);

        f.Dir.File("memory/2026-03-31.md", "- the spare key is under the blue pot\n");
        await scheduled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(f.Memory.Index.HasUnsyncedChanges);

        // The fake clock never reaches the debounce: only the search's own sync can have indexed the new file.
        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "spare key", null, null, CancellationToken.None);

        Assert.Contains(result.Results, r => r.Path == "memory/2026-03-31.md");
    }

    [Fact]
    public async Task Search_SyncOutlastsTheWait_AnswersWithANoticeAndTheSyncFinishes()
    {
        var options = new MemorySearchOptions { Sync = new() { Watch = false, SearchWaitMs = 200 } };
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- the spare key is under the blue pot\n"), options);
        var provider = new TaskCompletionSource();
        f.Embeddings.Hold = texts => texts.Any(t => t.Contains("blue pot", StringComparison.Ordinal)) ? provider.Task : Task.CompletedTask; // the note is embedded only when the test says so

        var waiting = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "spare key", null, null, CancellationToken.None);

        Assert.Equal(MemorySearcher.Indexing, waiting.Notice);
        provider.SetResult();
        await f.Memory.Index.RefreshAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var done = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "spare key", null, null, CancellationToken.None);
        Assert.Null(done.Notice);
        Assert.Contains(done.Results, r => r.Path == "MEMORY.md");
        Assert.Equal(("hybrid", 1), (f.Memory.Index.Status().Mode, f.Memory.Index.Status().Vectors));
    }

    [Fact]
    public async Task Dispose_WhileASearchSyncWaitsOnTheProvider_CancelsIt()
    {
        var options = new MemorySearchOptions { Sync = new() { Watch = false, SearchWaitMs = 50 } };
        var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- a note\n"), options);
        var never = new TaskCompletionSource().Task;
        f.Embeddings.Hold = texts => texts.Any(t => t.Contains("a note", StringComparison.Ordinal)) ? never : Task.CompletedTask; // the note is never embedded
        await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "note", null, null, CancellationToken.None);

        await f.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Search_OnSearchOff_ReadsTheIndexAsItIs()
    {
        var options = new MemorySearchOptions { Sync = new() { Watch = false, OnSearch = false } };
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- unindexed note\n"), options);

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "unindexed note", null, null, CancellationToken.None);

        Assert.Empty(result.Results);
        Assert.Equal(0, f.Memory.Index.Status().Files);
    }

    [Fact]
    public async Task WarmUp_FilesOnDisk_IndexesThemBeforeAnySearch()
    {
        await using var f = await MemoryFixture.CreateAsync(d =>
        {
            d.File("MEMORY.md", "- prefers tea\n");
            d.File("memory/2026-03-30.md", "- planted tomatoes\n");
        });

        var done = await f.Memory.WarmUpAsync(CancellationToken.None);

        Assert.Equal(2, f.Memory.Index.Status().Files);
        Assert.StartsWith("2 files, ", done, StringComparison.Ordinal);
        Assert.DoesNotContain("query model", done, StringComparison.Ordinal); // not a local model: nothing is called for it
    }

    [Fact]
    public async Task WarmUp_LocalModel_LoadsTheQueryModelOnlyWhenThereIsSomethingToSearch()
    {
        using var generator = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs);
        var local = ((IEmbeddingGenerator<string, Embedding<float>>)generator, "local:" + LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXs));
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Workspace);
        await using (var empty = await OpenAsync(dir, local))
        {
            await empty.WarmUpAsync(CancellationToken.None);
            Assert.False(generator.QueryModelLoaded);
        }

        dir.File("MEMORY.md", "- the dentist is on Tuesday\n");
        await using var memory = await OpenAsync(dir, local);

        var done = await memory.WarmUpAsync(CancellationToken.None);

        Assert.True(generator.QueryModelLoaded);
        Assert.Contains("1 chunks, mode hybrid, query model loaded", done, StringComparison.Ordinal);
    }

    private static Task<AgentMemory> OpenAsync(TempDir dir, (IEmbeddingGenerator<string, Embedding<float>>?, string)? embeddings = null) =>
        AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, new MemorySearchOptions(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero)), TimeZoneInfo.Utc, CancellationToken.None,
            embeddings ?? (new TestEmbeddingGenerator(), "test:bag-of-words"));
}
