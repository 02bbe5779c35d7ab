namespace Carapace.Memory.Vectors;

/// <summary>
/// Nearest-neighbour search over segment vectors, partitioned by scope so a search only ever sees what its scope may
/// read. The default keeps vectors in memory; a pgvector implementation can replace it for a clustered deployment.
/// </summary>
public interface IVectorIndex : IDisposable
{
    /// <summary>Adds or replaces vectors (unit length expected: scores are dot products).</summary>
    ValueTask UpsertAsync(IReadOnlyList<VectorEntry> entries, CancellationToken cancellationToken);

    /// <summary>Removes vectors by id; unknown ids are ignored.</summary>
    ValueTask RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>The <paramref name="limit"/> most similar vectors among the allowed scopes, best first.</summary>
    ValueTask<IReadOnlyList<VectorHit>> SearchAsync(ReadOnlyMemory<float> query, int limit, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken);
}
