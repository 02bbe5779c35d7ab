namespace Carapace.Memory.Vectors;

/// <summary>
/// When <see cref="InMemoryVectorIndex"/> stops scanning every float: below <see cref="ExactBelow"/> searchable vectors
/// a search is exact (every LoCoMo-sized index); above it, sign codes pick <see cref="CandidateFraction"/> of the
/// partition (at least <see cref="MinCandidates"/>), a one-byte copy of each vector ranks those, and only the best
/// <see cref="ExactPerResult"/> per result are scored exactly.
/// </summary>
public sealed record VectorScanOptions
{
    /// <summary>Searches over fewer vectors than this are exact scans.</summary>
    public int ExactBelow { get; init; } = 20_000;

    /// <summary>The share of a large partition that the sign-code scan passes on to rescoring.</summary>
    public double CandidateFraction { get; init; } = 0.02;

    /// <summary>The fewest candidates rescored in an approximate search.</summary>
    public int MinCandidates { get; init; } = 1_000;

    /// <summary>
    /// How many cores the sign-code pass and the one-byte rescoring of a large index are split across: all of them by
    /// default, since the search's keyword leg runs beside the query embedding, before the scan (the pass is bound by
    /// memory bandwidth, so two parts are ~1.4× one, not 2×).
    /// </summary>
    public int ScanParts { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// From this many slots on, the sign-code pass counts distances in every <see cref="SampleEvery"/>-th block only and
    /// the candidates are picked from that sample (<see cref="HammingSelection.NearestSampled"/>: the same candidates,
    /// without one histogram increment per vector).
    /// </summary>
    public int SampledAbove { get; init; } = 65_536;

    /// <summary>Which blocks of 64 codes the sampled histogram counts: 8 counts one block in eight.</summary>
    public int SampleEvery { get; init; } = 8;

    /// <summary>
    /// How many candidates per asked result survive the one-byte-per-dimension rescoring (<see cref="Int8Rows"/>) to be
    /// scored exactly; 0 scores every candidate exactly.
    /// </summary>
    public int ExactPerResult { get; init; } = 4;
}
