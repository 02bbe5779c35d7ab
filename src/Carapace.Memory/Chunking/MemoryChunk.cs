namespace Carapace.Memory.Chunking;

/// <summary>
/// A run of whole lines of a memory file, the unit the index stores and keyword search ranks. Lines are 1-based and
/// inclusive; <see cref="Hash"/> is the lowercase hex SHA-256 of <see cref="Text"/>, so unchanged text is never re-embedded.
/// </summary>
public sealed record MemoryChunk(int StartLine, int EndLine, string Text, string Hash)
{
    /// <summary>The smaller passages inside the chunk that are embedded and returned as search results.</summary>
    public IReadOnlyList<MemorySegment> Segments { get; init; } = [];
}
