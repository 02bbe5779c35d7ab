using Carapace.Memory.Index;
using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Index;

public sealed class MemoryIndexWatcherTests
{
    [Fact]
    public async Task Watcher_FileWritten_SyncsAfterDebounce()
    {
        await using var f = await MemoryFixture.CreateAsync();
        await f.SyncAsync();
        var watcher = f.Memory.StartWatching();
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var synced = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ChangeScheduled += () => scheduled.TrySetResult();
        watcher.Synced += e => synced.TrySetResult(e);

        f.Dir.File("memory/2026-03-31.md", "- the spare key is under the blue pot\n");
        await scheduled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        f.Time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(synced.Task.IsCompleted);
        f.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await synced.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var result = await f.Memory.Searcher.SearchAsync(Scopes.OwnerDirect, "spare key", null, null, CancellationToken.None);
        Assert.Contains(result.Results, r => r.Path == "memory/2026-03-31.md");
    }

    [Fact]
    public async Task Watcher_PeriodicCheck_SyncsWithoutFileEvents()
    {
        var options = new MemorySearchOptions { Sync = new MemorySyncOptions { Watch = false, IntervalMinutes = 5 } };
        await using var f = await MemoryFixture.CreateAsync(d => d.File("MEMORY.md", "- periodic note\n"), options);
        var watcher = f.Memory.StartWatching();
        var synced = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Synced += e => synced.TrySetResult(e);

        f.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await synced.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, f.Memory.Index.Status().Files);
    }
}
