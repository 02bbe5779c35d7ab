using Carapace.Memory.Chunking;
using Carapace.Memory.Files;
using Carapace.Memory.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Memory.Index;

/// <summary>
/// One agent's memory index: keeps the SQLite store and the in-memory vectors in step with the sources, embeds what
/// is new (through the cache), rebuilds aside when the identity changes, and reports honestly when vectors are missing.
/// </summary>
public sealed partial class MemoryIndex : IAsyncDisposable
{
    private const string LastSyncKey = "last_sync";
    private const string DimsKey = "dims";
    private const int EmbedBatch = 64;

    private readonly IReadOnlyList<IMemorySource> _sources;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private readonly string _model;
    private readonly ChunkingOptions _chunking;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly SemaphoreSlim _swapGate = new(1, 1);
    private MemoryIndexStore _store;
    private InMemoryVectorIndex? _vectors;
    private string? _embeddingError;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _refreshGate = new();
    private Task _refresh = Task.CompletedTask;
    private long _changesSeen;
    private long _changesSynced;

    private MemoryIndex(string path, IReadOnlyList<IMemorySource> sources, IEmbeddingGenerator<string, Embedding<float>>? embeddings, string model, ChunkingOptions chunking, TimeProvider time, ILogger? logger)
    {
        StorePath = Path.GetFullPath(path);
        _sources = sources;
        _embeddings = embeddings;
        _model = model;
        _chunking = chunking;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _store = MemoryIndexStore.Open(StorePath);
    }

    /// <summary>The SQLite file.</summary>
    public string StorePath { get; }

    /// <summary>Opens (creating if needed) the index at <paramref name="path"/>; a changed identity is rebuilt aside on the next sync.</summary>
    public static async Task<MemoryIndex> OpenAsync(string path, IReadOnlyList<IMemorySource> sources, IEmbeddingGenerator<string, Embedding<float>>? embeddings, string embeddingIdentity, ChunkingOptions chunking, TimeProvider time, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(sources);
        var index = new MemoryIndex(path, sources, embeddings, embeddingIdentity, chunking ?? new ChunkingOptions(), time ?? TimeProvider.System, logger);
        await index.LoadVectorsAsync(index._store, cancellationToken).ConfigureAwait(false);
        index._store.LoadKeywordStatistics();
        return index;
    }

    /// <summary>True when the stored chunks were built with a different model or chunking than configured.</summary>
    public bool NeedsRebuild => _store.GetMeta(IndexIdentity.Key) is { } stored && stored != Identity;

    private string Identity => IndexIdentity.Of(_model, _chunking);

    /// <summary>The embedding generator, for embedding queries; null in keyword-only configuration.</summary>
    internal IEmbeddingGenerator<string, Embedding<float>>? Embeddings => _embeddings;

    /// <summary>Why vector search is unavailable, or null when it is available.</summary>
    public string? DegradedReason =>
        _embeddings is null ? "no embedding provider is configured (provider \"none\"); keyword search only"
        : _embeddingError is not null ? $"embeddings are unavailable ({_embeddingError}); keyword search only"
        : NeedsRebuild ? "the index was built with another embedding model or chunking; keyword search only until it is rebuilt (carapace memory index)"
        : null;

    /// <summary>True when a change was reported (<see cref="MarkChanged"/>) after the last completed sync had started.</summary>
    public bool HasUnsyncedChanges => Interlocked.Read(ref _changesSeen) > Interlocked.Read(ref _changesSynced);

    /// <summary>Records that a source changed (the file watcher calls it as soon as it sees a change, before its debounce ends).</summary>
    public void MarkChanged() => Interlocked.Increment(ref _changesSeen);

    /// <summary>
    /// A sync in the background, shared by every caller while it runs (a new one starts when called after it ended).
    /// It runs to its end even when the caller stops waiting, so a search can give up waiting on a long sync (a large
    /// first index) without stopping it; only disposing the index cancels it. A failure is logged and faults the task.
    /// </summary>
    public Task RefreshAsync()
    {
        lock (_refreshGate)
        {
            if (_refresh.IsCompleted)
            {
                _refresh = Task.Run(RefreshOnceAsync);
            }

            return _refresh;
        }
    }

    /// <summary>Brings the index up to date; with <paramref name="force"/> (or a changed identity) rebuilds it aside and swaps it in.</summary>
    public async Task SyncAsync(bool force, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Changes reported from here on may have been read by this sync or not; only the earlier ones are covered.
            var covered = Interlocked.Read(ref _changesSeen);
            if (force || NeedsRebuild)
            {
                await RebuildAsideAsync(progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _store.SetMeta(IndexIdentity.Key, Identity);
                _vectors = await SyncIntoAsync(_store, _vectors, progress, cancellationToken).ConfigureAwait(false);
                _store.LoadKeywordStatistics(); // dropped by a bulk write; read again here rather than in a search
            }

            Interlocked.Exchange(ref _changesSynced, covered);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>Sizes, model and mode, for status displays.</summary>
    public MemoryIndexStatus Status()
    {
        var (files, chunks, segments) = _store.Counts();
        var last = _store.GetMeta(LastSyncKey);
        return new MemoryIndexStatus
        {
            StorePath = StorePath,
            Files = files,
            Chunks = chunks,
            Segments = segments,
            Vectors = _vectors?.Count ?? 0,
            Model = _model,
            Dimensions = int.TryParse(_store.GetMeta(DimsKey), out var dims) ? dims : 0,
            LastSync = long.TryParse(last, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Mode = DegradedReason is null ? "hybrid" : "keyword-only",
            Reason = DegradedReason,
        };
    }

    /// <summary>Runs <paramref name="read"/> against the current store and vectors while no swap can happen.</summary>
    internal async Task<T> ReadAsync<T>(Func<MemoryIndexStore, IVectorIndex?, Task<T>> read, CancellationToken cancellationToken)
    {
        await _swapGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read(_store, _vectors).ConfigureAwait(false);
        }
        finally
        {
            _swapGate.Release();
        }
    }

    /// <summary>Records that embedding a query failed, so status and results say search is keyword-only.</summary>
    internal void ReportEmbeddingFailure(Exception error)
    {
        _embeddingError = error.Message;
        LogEmbeddingFailed(_logger, error);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        Task refresh;
        lock (_refreshGate)
        {
            refresh = _refresh;
        }

        await refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _closing.Dispose();
        await _syncGate.WaitAsync().ConfigureAwait(false);
        await _swapGate.WaitAsync().ConfigureAwait(false);
        _store.Dispose();
        _vectors?.Dispose();
        _syncGate.Dispose();
        _swapGate.Dispose();
    }

    private async Task RefreshOnceAsync()
    {
        try
        {
            await SyncAsync(force: false, progress: null, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_closing.IsCancellationRequested)
        {
            LogRefreshFailed(_logger, e);
            throw;
        }
    }

    private async Task RebuildAsideAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var temp = StorePath + ".rebuild";
        DeleteDatabase(temp);
        var fresh = MemoryIndexStore.Open(temp);
        var freshVectors = default(InMemoryVectorIndex);
        try
        {
            fresh.CopyEmbeddingCache(_store.Path, _model);
            fresh.SetMeta(IndexIdentity.Key, Identity);
            freshVectors = await SyncIntoAsync(fresh, null, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            fresh.Dispose();
            freshVectors?.Dispose();
            DeleteDatabase(temp);
            throw;
        }

        fresh.Dispose();
        await _swapGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _store.Dispose();
            DeleteDatabase(StorePath, keepMain: true);
            File.Move(temp, StorePath, overwrite: true);
            _store = MemoryIndexStore.Open(StorePath);
            _vectors?.Dispose();
            _vectors = freshVectors;
            LogRebuilt(_logger, StorePath, Identity);
        }
        finally
        {
            _swapGate.Release();
        }
    }

    private async Task<InMemoryVectorIndex?> SyncIntoAsync(MemoryIndexStore store, InMemoryVectorIndex? vectors, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var known = store.Files();
        var documents = new List<(IMemorySource Source, MemoryDocument Doc)>();
        foreach (var source in _sources)
        {
            foreach (var doc in await source.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                documents.Add((source, doc));
            }
        }

        var present = documents.Select(d => d.Doc.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in known.Keys.Where(p => !present.Contains(p)))
        {
            var removed = store.RemoveFile(gone);
            if (vectors is not null)
            {
                await vectors.RemoveAsync(removed, cancellationToken).ConfigureAwait(false);
            }
        }

        var pending = new List<(long Id, string Scope, string Hash, string Text)>();
        for (var i = 0; i < documents.Count; i++)
        {
            var (source, doc) = documents[i];
            progress?.Report(new SyncProgress(i, documents.Count, doc.Path));
            if (known.TryGetValue(doc.Path, out var old) && old.Mtime == doc.ModifiedAt.ToUnixTimeMilliseconds() && old.Size == doc.Size)
            {
                continue;
            }

            var text = await source.ReadAsync(doc, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                continue;
            }

            var hash = MarkdownChunker.Hash(text);
            if (old.Hash == hash)
            {
                store.TouchFile(doc);
                continue;
            }

            var chunks = MarkdownChunker.Chunk(text, _chunking);
            var (added, removedIds) = store.ReplaceFile(doc, hash, chunks, MemoryPath.DateOf(doc.Path), _time.GetUtcNow().ToUnixTimeMilliseconds());
            if (vectors is not null)
            {
                await vectors.RemoveAsync(removedIds, cancellationToken).ConfigureAwait(false);
            }

            var texts = chunks.SelectMany(c => c.Segments.Select(s => c.Text.Substring(s.ContextOffset, s.ContextLength))).ToList();
            pending.AddRange(added.Select((a, j) => (a.Id, doc.Scope, a.Hash, texts[j])));
            if (pending.Count >= EmbedBatch * 4)
            {
                vectors = await EmbedAsync(store, vectors, pending, cancellationToken).ConfigureAwait(false);
                pending.Clear();
            }
        }

        vectors = await EmbedAsync(store, vectors, pending, cancellationToken).ConfigureAwait(false);
        vectors = await BackfillAsync(store, vectors, cancellationToken).ConfigureAwait(false);
        store.SetMeta(LastSyncKey, _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        progress?.Report(new SyncProgress(documents.Count, documents.Count, null));
        return vectors;
    }
}
