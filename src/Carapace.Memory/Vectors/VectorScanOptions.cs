namespace Carapace.Memory.Vectors;

/// <summary>
/// When <see cref="InMemoryVectorIndex"/> stops scanning every float: below <see cref="ExactBelow"/> searchable vectors
/// a search is exact (every LoCoMo-sized index); above it, sign codes pick <see cref="CandidateFraction"/> of the
/// partition (at least <see cref="MinCandidates"/>) and only those are scored exactly.
/// </summary>
public sealed record VectorScanOptions
{
    /// <summary>Searches over fewer vectors than this are exact scans.</summary>
    public int ExactBelow { get; init; } = 20_000;

    /// <summary>The share of a large partition that the sign-code scan passes on to exact scoring.</summary>
    public double CandidateFraction { get; init; } = 0.02;

    /// <summary>The fewest candidates scored exactly in an approximate search.</summary>
    public int MinCandidates { get; init; } = 1_000;
}
