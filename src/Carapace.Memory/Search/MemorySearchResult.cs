namespace Carapace.Memory.Search;

/// <summary>
/// The answer of a memory search. An empty list always comes with a reason when something was withheld or degraded,
/// so the model (and the person debugging) can tell "nothing found" from "not allowed" and "embeddings down".
/// </summary>
public sealed record MemorySearchResult
{
    /// <summary>The hits, best first (after diversity reordering).</summary>
    public required IReadOnlyList<MemoryHit> Results { get; init; }

    /// <summary><c>hybrid</c> or <c>keyword-only</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Why the search was keyword-only, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>What this scope may not see (e.g. the owner's private files), or null.</summary>
    public string? Notice { get; init; }

    /// <summary>How long the search took, in milliseconds.</summary>
    public double SearchMs { get; init; }
}
