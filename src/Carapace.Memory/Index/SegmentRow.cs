namespace Carapace.Memory.Index;

/// <summary>A stored segment with what search needs to score, filter and cite it.</summary>
internal sealed record SegmentRow(long Id, long ChunkId, string Path, string Source, string Scope, int StartLine, int EndLine, string Text, DateOnly? Day);
