namespace Carapace.Memory.Facts;

/// <summary>A fact found by a search, with its score in [0, 1].</summary>
public sealed record FactHit(Fact Fact, double Score);
