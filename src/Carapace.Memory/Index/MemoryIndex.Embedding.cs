using System.Numerics.Tensors;
using Carapace.Memory.Vectors;
using Microsoft.Extensions.Logging;

namespace Carapace.Memory.Index;

/// <summary>Embedding, vector loading and file housekeeping of <see cref="MemoryIndex"/>.</summary>
public sealed partial class MemoryIndex
{
    private async Task<InMemoryVectorIndex?> EmbedAsync(MemoryIndexStore store, InMemoryVectorIndex? vectors, List<(long Id, string Scope, string Hash, string Text)> segments, CancellationToken cancellationToken)
    {
        if (_embeddings is null || segments.Count == 0)
        {
            return vectors;
        }

        var cached = store.CachedEmbeddings(_model, segments.Select(s => s.Hash));
        var missing = segments.Where(s => !cached.ContainsKey(s.Hash)).DistinctBy(s => s.Hash).ToList();
        try
        {
            for (var start = 0; start < missing.Count; start += EmbedBatch)
            {
                var batch = missing.Skip(start).Take(EmbedBatch).ToList();
                var generated = await _embeddings.GenerateAsync(batch.Select(b => b.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (generated.Count != batch.Count)
                {
                    throw new InvalidOperationException($"the embedding provider returned {generated.Count} vectors for {batch.Count} texts");
                }

                var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
                for (var j = 0; j < batch.Count; j++)
                {
                    fresh[batch[j].Hash] = Normalize(generated[j].Vector.ToArray());
                }

                store.CacheEmbeddings(_model, fresh, _time.GetUtcNow().ToUnixTimeMilliseconds());
                foreach (var (hash, vector) in fresh)
                {
                    cached[hash] = vector;
                }
            }

            _embeddingError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ReportEmbeddingFailure(e);
        }

        var entries = segments.Where(s => cached.ContainsKey(s.Hash)).Select(s => new VectorEntry(s.Id, s.Scope, cached[s.Hash])).ToList();
        if (entries.Count == 0)
        {
            return vectors;
        }

        vectors ??= NewVectorIndex(store, entries[0].Vector.Length);
        await vectors.UpsertAsync(entries, cancellationToken).ConfigureAwait(false);
        return vectors;
    }

    private async Task<InMemoryVectorIndex?> BackfillAsync(MemoryIndexStore store, InMemoryVectorIndex? vectors, CancellationToken cancellationToken)
    {
        if (_embeddings is null)
        {
            return vectors;
        }

        // Every segment holding a vector means none is missing; the query below reads every segment (~1–3 s at 933k).
        if (vectors is not null && vectors.Count >= store.Counts().Segments)
        {
            return vectors;
        }

        var missing = store.SegmentsWithoutVector(_model);
        return missing.Count == 0 ? vectors : await EmbedAsync(store, vectors, missing, cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadVectorsAsync(MemoryIndexStore store, CancellationToken cancellationToken)
    {
        if (_embeddings is null || NeedsRebuild)
        {
            return;
        }

        var rows = store.Vectors(_model);
        if (rows.Count == 0)
        {
            return;
        }

        _vectors = NewVectorIndex(store, rows[0].Vector.Length);
        await _vectors.UpsertAsync(rows.Select(r => new VectorEntry(r.Id, r.Scope, r.Vector)).ToList(), cancellationToken).ConfigureAwait(false);
    }

    private static InMemoryVectorIndex NewVectorIndex(MemoryIndexStore store, int dimensions)
    {
        store.SetMeta(DimsKey, dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new InMemoryVectorIndex(dimensions);
    }

    internal static float[] Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && Math.Abs(norm - 1) > 1e-4)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private static void DeleteDatabase(string path, bool keepMain = false)
    {
        foreach (var suffix in keepMain ? new[] { "-wal", "-shm" } : ["", "-wal", "-shm"])
        {
            File.Delete(path + suffix);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding failed; memory search is keyword-only until it works again")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory index sync before a search failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt memory index {Path} for {Identity}")]
    private static partial void LogRebuilt(ILogger logger, string path, string identity);
}
