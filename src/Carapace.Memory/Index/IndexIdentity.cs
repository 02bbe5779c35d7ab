using Carapace.Memory.Chunking;

namespace Carapace.Memory.Index;

/// <summary>
/// What the stored chunks and vectors were built with. When the configured identity differs from the stored one, the
/// index is rebuilt aside and swapped in, so chunks of one chunking and vectors of one model are never mixed.
/// </summary>
internal static class IndexIdentity
{
    public const string Key = "memory_index_identity_v1";
    private const int SchemaVersion = 1;

    public static string Of(string embedding, ChunkingOptions chunking) =>
        $"schema={SchemaVersion};embedding={embedding};chunking={chunking.Tokens}/{chunking.OverlapChars / TextWeight.CharsPerToken}/{chunking.SegmentTokens}/{chunking.SegmentContext}";
}
