namespace Carapace.Memory.Index;

/// <summary>What <c>carapace memory status</c> shows: sizes, the embedding model, when it last synced, and whether search is hybrid or degraded (and why).</summary>
public sealed record MemoryIndexStatus
{
    /// <summary>The SQLite file.</summary>
    public required string StorePath { get; init; }

    /// <summary>Indexed files.</summary>
    public required int Files { get; init; }

    /// <summary>Stored chunks.</summary>
    public required int Chunks { get; init; }

    /// <summary>Stored segments (the embedded, cited passages).</summary>
    public required int Segments { get; init; }

    /// <summary>Segments with a vector of the current model.</summary>
    public required int Vectors { get; init; }

    /// <summary>The embedding identity, e.g. <c>local:sentence-transformers/all-MiniLM-L6-v2</c>, or <c>none</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Vector size; 0 before the first embedding.</summary>
    public required int Dimensions { get; init; }

    /// <summary>When the last sync finished; null when never.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary><c>hybrid</c> or <c>keyword-only</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Why search is keyword-only; null in hybrid mode.</summary>
    public string? Reason { get; init; }
}
