using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Carapace.Memory.Search;

namespace Carapace.Memory.Facts;

/// <summary>
/// Searches one pool: cosine similarity (SIMD) over the pool's vectors kept in memory, blended 0.7/0.3 with the share of
/// the query's keywords the fact contains; keyword share alone when there are no embeddings. A pool is reloaded after it changes.
/// </summary>
internal sealed class FactSearch
{
    private const double VectorWeight = 0.7;
    private readonly FactStore _store;
    private readonly ConcurrentDictionary<string, Lazy<Task<Pool>>> _pools = new(StringComparer.Ordinal);

    public FactSearch(FactStore store)
    {
        _store = store;
        store.Changed += owner => _pools.TryRemove(owner, out _);
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

        var hits = new List<FactHit>();
        for (var i = 0; i < pool.Facts.Length; i++)
        {
            var keyword = KeywordShare(keywords, pool.Words[i]);
            var score = queryVector is not null && pool.Vectors[i] is { } vector && vector.Length == queryVector.Length
                ? VectorWeight * Math.Max(0, TensorPrimitives.CosineSimilarity(queryVector, vector)) + (1 - VectorWeight) * keyword
                : keyword;
            if (score >= minScore && score > 0)
            {
                hits.Add(new FactHit(pool.Facts[i], Math.Round(score, 4)));
            }
        }

        return [.. hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Fact.UpdatedAt).Take(topK)];
    }

    private static double KeywordShare(IReadOnlyList<string> keywords, HashSet<string> words)
    {
        if (keywords.Count == 0)
        {
            return 0;
        }

        var found = 0;
        foreach (var keyword in keywords)
        {
            if (words.Contains(keyword))
            {
                found++;
            }
        }

        return (double)found / keywords.Count;
    }

    private async Task<Pool> LoadAsync(string ownerKey)
    {
        try
        {
            var rows = await _store.LoadForSearchAsync(ownerKey, CancellationToken.None).ConfigureAwait(false);
            return new Pool(
                [.. rows.Select(r => r.Fact)], [.. rows.Select(r => r.Vector)],
                [.. rows.Select(r => new HashSet<string>(FtsQuery.Keywords(r.Fact.Text), StringComparer.Ordinal))]);
        }
        catch
        {
            _pools.TryRemove(ownerKey, out _);
            throw;
        }
    }

    private sealed record Pool(Fact[] Facts, float[]?[] Vectors, HashSet<string>[] Words)
    {
        public bool HasVectors => Vectors.Any(v => v is not null);
    }
}
