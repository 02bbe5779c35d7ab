using Carapace.Memory.Index;
using Carapace.Memory.Search;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests;

/// <summary>A temp state dir and workspace with an <see cref="AgentMemory"/> on a fake embedding provider and a fake clock.</summary>
internal sealed class MemoryFixture : IAsyncDisposable
{
    private MemoryFixture(TempDir dir, FakeTimeProvider time, TestEmbeddingGenerator embeddings, AgentMemory memory)
    {
        Dir = dir;
        Time = time;
        Embeddings = embeddings;
        Memory = memory;
    }

    public TempDir Dir { get; }

    public FakeTimeProvider Time { get; }

    public TestEmbeddingGenerator Embeddings { get; }

    public AgentMemory Memory { get; }

    public static async Task<MemoryFixture> CreateAsync(Action<TempDir>? seed = null, MemorySearchOptions? options = null, IReadOnlyList<IMemorySource>? extraSources = null, bool keywordOnly = false)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.Workspace);
        seed?.Invoke(dir);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));
        var embeddings = new TestEmbeddingGenerator();
        var memory = await AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, options ?? new MemorySearchOptions(), time, TimeZoneInfo.Utc, CancellationToken.None,
            keywordOnly ? (null, "none") : (embeddings, "test:bag-of-words"), extraSources);
        return new MemoryFixture(dir, time, embeddings, memory);
    }

    public Task SyncAsync() => Memory.Index.SyncAsync(force: false, progress: null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Memory.DisposeAsync();
        Dir.Dispose();
    }
}
