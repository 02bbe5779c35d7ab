namespace Carapace.Memory.Chunking;

/// <summary>
/// A few consecutive lines inside a chunk, the unit that is embedded and cited. A 400-token chunk is longer than the
/// local model reads (256 word pieces) and too coarse to point at the one line that answers, so search ranks these.
/// </summary>
/// <param name="StartLine">First line, 1-based.</param>
/// <param name="EndLine">Last line, inclusive.</param>
/// <param name="Offset">Where the segment's text starts inside its chunk's text (UTF-16 index).</param>
/// <param name="Length">The length of the segment's text.</param>
/// <param name="ContextOffset">Where the embedded text starts: the segment with its neighbouring lines, so a terse reply
/// ("Yes, last year!") is embedded together with what it answers.</param>
/// <param name="ContextLength">The length of the embedded text.</param>
/// <param name="Hash">Lowercase hex SHA-256 of the embedded text: the embedding cache key.</param>
public sealed record MemorySegment(int StartLine, int EndLine, int Offset, int Length, int ContextOffset, int ContextLength, string Hash);
