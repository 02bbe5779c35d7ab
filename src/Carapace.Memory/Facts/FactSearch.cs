using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Carapace.Memory.Search;

namespace Carapace.Memory.Facts;

/// <summary>
/// Searches one pool: cosine similarity (SIMD) over the pool's vectors kept in memory, blended 0.7/0.3 with the share of
/// the query's keywords the fact contains; keyword share alone when there are no embeddings. A loaded pool follows each
/// change in place (no reload); a pool still loading when a change lands is dropped and loaded again.
/// </summary>
internal sealed class FactSearch
{
    private const double VectorWeight = 0.7;
    private const int ScanBlock = 16_384;
    private readonly FactStore _store;
    private readonly ConcurrentDictionary<string, Lazy<Task<Pool>>> _pools = new(StringComparer.Ordinal);
    private readonly Lock _changing = new();

    public FactSearch(FactStore store)
    {
        _store = store;
        store.Changed += Follow;
    }

    public async Task<IReadOnlyList<FactHit>> SearchAsync(string ownerKey, string query, int topK, double minScore, CancellationToken cancellationToken)
    {
        var pool = await _pools.GetOrAdd(ownerKey, key => new Lazy<Task<Pool>>(() => LoadAsync(key))).Value.ConfigureAwait(false);
        if (pool.Facts.Length == 0 || topK <= 0)
        {
            return [];
        }

        var keywords = FtsQuery.Keywords(query);
        float[]? queryVector = null;
        if (pool.HasVectors && query.Trim().Length > 0)
        {
            queryVector = (await _store.EmbedAsync([query], cancellationToken, asQuery: true).ConfigureAwait(false)).Values.FirstOrDefault();
        }

        var useVectors = queryVector is not null && queryVector.Length == pool.Dimensions;
        if (useVectors)
        {
            queryVector = Normalised(queryVector!);
        }

        var scores = new float[pool.Facts.Length];
        if (useVectors)
        {
            // Rows are unit vectors, so a dot product is the cosine; large pools are scanned on every core.
            var vector = queryVector!;
            Parallel.For(0, (scores.Length + ScanBlock - 1) / ScanBlock, new ParallelOptions { CancellationToken = cancellationToken }, block =>
            {
                for (int i = block * ScanBlock, end = Math.Min(scores.Length, i + ScanBlock); i < end; i++)
                {
                    scores[i] = pool.Vectors[i] is null ? 0 : (float)VectorWeight * Math.Max(0, TensorPrimitives.Dot(vector, pool.Row(i)));
                }
            });
        }

        if (keywords.Count > 0)
        {
            var weight = (float)((useVectors ? 1 - VectorWeight : 1) / keywords.Count);
            foreach (var keyword in keywords)
            {
                foreach (var i in pool.Postings.GetValueOrDefault(keyword) ?? [])
                {
                    scores[i] += pool.Vectors[i] is null && useVectors ? weight / (float)(1 - VectorWeight) : weight;
                }
            }
        }

        var hits = new List<FactHit>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] >= minScore && scores[i] > 0)
            {
                hits.Add(new FactHit(pool.Facts[i], Math.Round(Math.Min(1, scores[i]), 4)));
            }
        }

        return [.. hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Fact.UpdatedAt).Take(topK)];
    }

    private void Follow(string ownerKey, IReadOnlyList<(Fact Fact, float[]? Vector)> changed)
    {
        lock (_changing)
        {
            if (!_pools.TryGetValue(ownerKey, out var current))
            {
                return;
            }

            if (!current.IsValueCreated || !current.Value.IsCompletedSuccessfully)
            {
                _pools.TryRemove(ownerKey, out _);
                return;
            }

            var byId = changed.ToDictionary(c => c.Fact.Id, StringComparer.Ordinal);
            var rows = current.Value.Result.Rows().Where(r => !byId.ContainsKey(r.Fact.Id))
                .Concat(changed.Where(c => !c.Fact.Deleted).Select(c => (c.Fact, c.Vector, Words(c.Fact))))
                .ToList();
            var next = new Pool([.. rows.Select(r => r.Fact)], [.. rows.Select(r => r.Vector)], [.. rows.Select(r => r.Item3)]);
            _pools[ownerKey] = new Lazy<Task<Pool>>(Task.FromResult(next));
        }
    }

    private static HashSet<string> Words(Fact fact) => new(FtsQuery.Keywords(fact.Text), StringComparer.Ordinal);

    private async Task<Pool> LoadAsync(string ownerKey)
    {
        try
        {
            var rows = await _store.LoadForSearchAsync(ownerKey, CancellationToken.None).ConfigureAwait(false);
            return new Pool(
                [.. rows.Select(r => r.Fact)], [.. rows.Select(r => r.Vector)],
                [.. rows.Select(r => Words(r.Fact))]);
        }
        catch
        {
            _pools.TryRemove(ownerKey, out _);
            throw;
        }
    }

    private static float[] Normalised(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        var copy = (float[])vector.Clone();
        if (norm > 0)
        {
            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    /// <summary>A pool's facts, their vectors (kept for updates) and, for scanning, the unit vectors in one contiguous block.</summary>
    private sealed record Pool(Fact[] Facts, float[]?[] Vectors, HashSet<string>[] Words)
    {
        public bool HasVectors { get; } = Vectors.Any(v => v is not null);

        public int Dimensions { get; } = Vectors.FirstOrDefault(v => v is not null)?.Length ?? 0;

        private float[] Matrix { get; } = Pack(Vectors);

        /// <summary>For each keyword, the facts containing it.</summary>
        public Dictionary<string, int[]> Postings { get; } = Words
            .SelectMany((words, i) => words.Select(w => (w, i)))
            .GroupBy(p => p.w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.i).ToArray(), StringComparer.Ordinal);

        public ReadOnlySpan<float> Row(int i) => Matrix.AsSpan(i * Dimensions, Dimensions);

        private static float[] Pack(float[]?[] vectors)
        {
            var dims = vectors.FirstOrDefault(v => v is not null)?.Length ?? 0;
            var matrix = new float[vectors.Length * dims];
            for (var i = 0; i < vectors.Length; i++)
            {
                if (vectors[i] is { } v && v.Length == dims)
                {
                    Normalised(v).CopyTo(matrix, i * dims);
                }
            }

            return matrix;
        }

        public IEnumerable<(Fact Fact, float[]? Vector, HashSet<string> Words)> Rows() => Facts.Select((f, i) => (f, Vectors[i], Words[i]));
    }
}
