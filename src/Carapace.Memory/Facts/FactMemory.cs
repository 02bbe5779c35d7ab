using Carapace.Core.Memory;
using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Memory.Facts;

/// <summary>
/// One agent's automatic memory put together: the fact file, scoped search, the durable capture queue and its worker.
/// Every call takes a <see cref="MemoryScope"/>; a fact of another pool is reported exactly as a missing one.
/// </summary>
public sealed class FactMemory : IAsyncDisposable
{
    private readonly FactDatabase _db;
    private readonly FactStore _store;
    private readonly FactSearch _search;
    private readonly CaptureQueue _queue;
    private readonly CaptureWorker? _worker;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _time;

    private FactMemory(FactDatabase db, FactStore store, CaptureQueue queue, CaptureWorker? worker, FactSearch search, FactMemoryOptions options, TimeZoneInfo zone, TimeProvider time)
    {
        _db = db;
        _store = store;
        _queue = queue;
        _worker = worker;
        _search = search;
        Options = options;
        _zone = zone;
        _time = time;
    }

    /// <summary>The settings in force.</summary>
    public FactMemoryOptions Options { get; }

    /// <summary>True when a model is available and capture is enabled.</summary>
    public bool CanCapture => _worker is not null;

    /// <summary>The fact file of an agent: <c>&lt;stateDir&gt;/memory/&lt;agentId&gt;.facts.sqlite</c>.</summary>
    public static string DefaultPath(string stateDir, string agentId) =>
        Path.Combine(Path.GetDirectoryName(AgentMemory.DefaultStorePath(stateDir, agentId))!, agentId + ".facts.sqlite");

    /// <summary>
    /// Opens (creating if needed) a fact file. <paramref name="embeddings"/> is shared with the file index (null for
    /// keyword-only search); without <paramref name="chat"/> nothing is captured and everything else works.
    /// </summary>
    public static async Task<FactMemory> OpenAsync(
        string path, FactMemoryOptions options, (IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity) embeddings, IChatClient? chat,
        TimeProvider time, TimeZoneInfo userZone, ILoggerFactory? logging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var db = await FactDatabase.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var store = new FactStore(db, embeddings.Generator is null ? null : QueryEmbeddingCache.Wrap(embeddings.Generator), embeddings.Identity, time);
        var search = new FactSearch(store);
        var queue = new CaptureQueue(db, time);
        var logger = (logging ?? NullLoggerFactory.Instance).CreateLogger<FactMemory>();
        var worker = chat is not null && options.Capture.Enabled
            ? new CaptureWorker(queue, new CaptureEngine(store, search, queue, chat, options, time, logger), logger)
            : null;
        return new FactMemory(db, store, queue, worker, search, options, userZone, time);
    }

    /// <summary>The pool <paramref name="scope"/> reads and writes.</summary>
    public string OwnerKeyOf(MemoryScope scope) => FactOwner.KeyFor(scope, Options.Pool);

    /// <summary>The live facts of the scope's pool, oldest first.</summary>
    public Task<IReadOnlyList<Fact>> ListAsync(MemoryScope scope, CancellationToken cancellationToken) => _store.ListAsync(OwnerKeyOf(scope), cancellationToken);

    /// <summary>A live fact of the scope's pool; null when missing, deleted or someone else's.</summary>
    public Task<Fact?> GetAsync(MemoryScope scope, string id, CancellationToken cancellationToken) => _store.GetAsync(OwnerKeyOf(scope), id, cancellationToken);

    /// <summary>The history of a fact of the scope's pool (also once deleted); null when the pool never held it.</summary>
    public Task<IReadOnlyList<FactHistoryEntry>?> HistoryAsync(MemoryScope scope, string id, CancellationToken cancellationToken) =>
        _store.HistoryAsync(OwnerKeyOf(scope), id, cancellationToken);

    /// <summary>The facts of the scope's pool most relevant to <paramref name="query"/>, best first.</summary>
    public Task<IReadOnlyList<FactHit>> SearchAsync(MemoryScope scope, string query, int topK, double minScore, CancellationToken cancellationToken) =>
        _search.SearchAsync(OwnerKeyOf(scope), query, topK, minScore, cancellationToken);

    /// <summary>Stores a fact given explicitly; an exact repeat of a live fact returns that fact instead.</summary>
    public async Task<Fact> StoreAsync(MemoryScope scope, string text, string? category, FactSource source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var owner = OwnerKeyOf(scope);
        var added = await _store.ApplyAsync(owner, [FactChange.Add(text, category)], source, CurrentTime(), cancellationToken).ConfigureAwait(false);
        if (added.Count > 0)
        {
            return added[0];
        }

        var hash = FactStore.HashOf(text);
        return (await _store.ListAsync(owner, cancellationToken).ConfigureAwait(false)).First(f => f.Hash == hash);
    }

    /// <summary>Replaces a fact's text (history keeps the old one); null when the pool holds no such live fact.</summary>
    public async Task<Fact?> UpdateAsync(MemoryScope scope, string id, string text, FactSource source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        try
        {
            return (await _store.ApplyAsync(OwnerKeyOf(scope), [FactChange.Update(id, text)], source, CurrentTime(), cancellationToken).ConfigureAwait(false))[0];
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Forgets a fact: the text leaves the store, the index and every later prompt; an audit row without text remains.</summary>
    public Task<bool> ForgetAsync(MemoryScope scope, string id, FactSource source, CancellationToken cancellationToken) =>
        _store.ForgetAsync(OwnerKeyOf(scope), id, source, cancellationToken);

    /// <summary>Adds many facts in one transaction (an import): all or nothing; exact repeats are skipped. Returns those added.</summary>
    public Task<IReadOnlyList<Fact>> ImportAsync(MemoryScope scope, IReadOnlyList<FactChange> additions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(additions);
        if (additions.Any(a => a.Event != FactEvent.Add))
        {
            throw new ArgumentException("an import only adds facts", nameof(additions));
        }

        return _store.ApplyAsync(OwnerKeyOf(scope), additions, new FactSource("import", []), CurrentTime(), cancellationToken);
    }

    /// <summary>Durably queues a capture and wakes the worker; false (nothing queued) when capture is off.</summary>
    public async Task<bool> EnqueueCaptureAsync(CaptureJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_worker is null)
        {
            return false;
        }

        await _queue.EnqueueAsync(OwnerKeyOf(job.Scope), job, cancellationToken).ConfigureAwait(false);
        _worker.Notify();
        return true;
    }

    /// <summary>Starts the background worker, which first resumes jobs left pending by an earlier run.</summary>
    public void StartCapture() => _worker?.Start();

    /// <summary>Completes when the started worker has nothing left to do.</summary>
    public Task WhenCaptureIdleAsync() => _worker?.WhenIdleAsync() ?? Task.CompletedTask;

    /// <summary>Runs every pending capture on the caller (for one-shot use without the worker).</summary>
    public Task RunPendingCapturesAsync(CancellationToken cancellationToken) => _worker?.RunPendingAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>How many capture jobs are pending, done and failed.</summary>
    public Task<IReadOnlyDictionary<string, int>> CaptureCountsAsync(CancellationToken cancellationToken) => _queue.CountsAsync(cancellationToken);

    /// <summary>Why each failed capture was skipped.</summary>
    public Task<IReadOnlyList<string>> CaptureFailuresAsync(CancellationToken cancellationToken) => _queue.FailuresAsync(cancellationToken);

    /// <summary>The day a fact was said, in the user's time zone.</summary>
    public DateOnly DayOf(Fact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fact.CreatedAt, _zone).DateTime);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync().ConfigureAwait(false);
        }

        await _db.DisposeAsync().ConfigureAwait(false);
    }

    private DateTimeOffset CurrentTime() => _time.GetUtcNow();
}
