namespace Carapace.Memory.Facts;

/// <summary>The session and transcript lines a fact (or a change to it) came from, for audit.</summary>
public sealed record FactSource(string? SessionId, IReadOnlyList<long> MessageSeqs)
{
    /// <summary>No known source (e.g. an import).</summary>
    public static FactSource None { get; } = new(null, []);
}
