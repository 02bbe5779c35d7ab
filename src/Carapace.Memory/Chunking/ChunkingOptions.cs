using Carapace.Core.Config;

namespace Carapace.Memory.Chunking;

/// <summary>
/// How memory files are cut: 400-token chunks with 80 tokens of overlap (OpenClaw's defaults), each split into
/// segments of at most 64 tokens for embedding and citation, each embedded with two neighbouring lines on either side
/// (LoCoMo dialog recall@10: 65.4 without context, 67.3 with one line, 71.4 with two; docs/benchmarks.md).
/// </summary>
public sealed record ChunkingOptions
{
    /// <summary>Chunk size in estimated tokens (≈4 characters each). Default 400.</summary>
    public int Tokens { get; init; } = 400;

    /// <summary>Tokens repeated at the start of the next chunk; clamped to [0, Tokens-1]. Default 80.</summary>
    public int Overlap { get; init; } = 80;

    /// <summary>Segment size in estimated tokens. Default 64.</summary>
    public int SegmentTokens { get; init; } = 64;

    /// <summary>Lines of the chunk on each side embedded along with a segment (not cited, not keyword-indexed). Default 2.</summary>
    public int SegmentContext { get; init; } = 2;

    /// <summary>The chunk budget in weighted characters: max(32, Tokens×4).</summary>
    public int MaxChars => Math.Max(32, Tokens * TextWeight.CharsPerToken);

    /// <summary>The overlap budget in weighted characters.</summary>
    public int OverlapChars => Math.Clamp(Overlap, 0, Math.Max(0, Tokens - 1)) * TextWeight.CharsPerToken;

    /// <summary>The segment budget in weighted characters, never above the chunk budget.</summary>
    public int SegmentChars => Math.Min(MaxChars, Math.Max(32, SegmentTokens * TextWeight.CharsPerToken));

    /// <summary>Reads <c>chunking.{tokens, overlap, segmentTokens, segmentContext}</c>.</summary>
    public static ChunkingOptions Bind(ConfigSection section)
    {
        var defaults = new ChunkingOptions();
        return new ChunkingOptions
        {
            Tokens = section["tokens"].AsInt(defaults.Tokens, 8, 8192),
            Overlap = section["overlap"].AsInt(defaults.Overlap, 0, 8191),
            SegmentTokens = section["segmentTokens"].AsInt(defaults.SegmentTokens, 8, 8192),
            SegmentContext = section["segmentContext"].AsInt(defaults.SegmentContext, 0, 20),
        };
    }
}
