using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Compaction;

/// <summary>
/// What the model currently sees of a session, as compaction needs it: the last summary, then the lines kept or written
/// since (only what reaches prompts: messages, tool calls and results), and how far memory has been flushed.
/// </summary>
internal sealed record CompactionView
{
    /// <summary>The summary the history starts with; null before the first compaction.</summary>
    public string? Summary { get; init; }

    /// <summary>The lines after the summary, in order.</summary>
    public required IReadOnlyList<TranscriptEntry> Lines { get; init; }

    /// <summary>Lines up to this sequence number were already handed to the memory flush.</summary>
    public long FlushedThroughSeq { get; init; }

    /// <summary>True when the early flush already ran since the last compaction (it runs at most once per cycle).</summary>
    public bool FlushedThisCycle { get; init; }

    /// <summary>Estimated tokens of the summary and the lines.</summary>
    public int Tokens => (Summary is null ? 0 : TokenEstimator.Of(Summary)) + Lines.Sum(TokenEstimator.Of);

    /// <summary>The view for the turn whose user line is <paramref name="ownSeq"/>.</summary>
    public static CompactionView Of(IReadOnlyList<TranscriptEntry> transcript, long ownSeq)
    {
        var compaction = CompactionMetadata.LastFor(transcript, ownSeq);
        var firstKept = compaction is null ? 0 : CompactionMetadata.FirstKeptSeqOf(compaction);
        var flushes = transcript.Select(e => (e.Seq, Through: CompactionMetadata.FlushedThroughOf(e))).Where(f => f.Through is not null).ToList();
        return new CompactionView
        {
            Summary = compaction?.Text,
            Lines = [.. transcript.Where(e => e.Seq >= firstKept && ReachesPrompts(e))],
            FlushedThroughSeq = flushes.Count == 0 ? 0 : flushes.Max(f => f.Through!.Value),
            FlushedThisCycle = flushes.Any(f => f.Seq > (compaction?.Seq ?? 0)),
        };
    }

    /// <summary>The index of the first line at or after <paramref name="ownSeq"/>: lines before it may be compacted.</summary>
    public int LimitFor(long ownSeq)
    {
        var index = 0;
        while (index < Lines.Count && Lines[index].Seq < ownSeq)
        {
            index++;
        }

        return index;
    }

    private static bool ReachesPrompts(TranscriptEntry line) =>
        line.Kind is TranscriptKind.Message or TranscriptKind.ToolCall or TranscriptKind.ToolResult
        && !TranscriptMetadata.Has(line.MetadataJson, TranscriptMetadata.Synthetic)
        && !TranscriptMetadata.Has(line.MetadataJson, TranscriptMetadata.Command);
}
