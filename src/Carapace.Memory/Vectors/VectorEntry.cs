namespace Carapace.Memory.Vectors;

/// <summary>A segment's vector and the scope allowed to find it.</summary>
public sealed record VectorEntry(long Id, string Scope, float[] Vector);
