namespace Carapace.Memory.Vectors;

/// <summary>A vector search match: the segment id and its cosine similarity.</summary>
public readonly record struct VectorHit(long Id, float Score);
