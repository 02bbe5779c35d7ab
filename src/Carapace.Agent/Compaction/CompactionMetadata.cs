using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Compaction;

/// <summary>The metadata compaction writes on transcript lines: where the kept turns start, and how far memory was flushed.</summary>
internal static class CompactionMetadata
{
    /// <summary>On a compaction line: the sequence number of the first line kept verbatim after the summary.</summary>
    public const string FirstKeptSeq = "firstKeptSeq";

    /// <summary>On a compaction line: the estimated prompt size before compacting.</summary>
    public const string TokensBefore = "tokensBefore";

    /// <summary>On a compaction line: how many messages the summary replaced.</summary>
    public const string Summarised = "summarisedMessages";

    /// <summary>On a compaction line: what started it (threshold, command, overflow).</summary>
    public const string Reason = "reason";

    /// <summary>On a flush marker: every line up to this sequence number was handed to the memory flush.</summary>
    public const string FlushedThroughSeq = "memoryFlushThroughSeq";

    /// <summary>Where the kept lines of a compaction start; lines written before such metadata existed keep nothing before the summary.</summary>
    public static long FirstKeptSeqOf(TranscriptEntry compaction) =>
        TranscriptMetadata.Number(compaction.MetadataJson, FirstKeptSeq) ?? compaction.Seq + 1;

    /// <summary>
    /// The compaction the history of the turn whose user line is <paramref name="ownSeq"/> starts from: the last one that
    /// kept that line (a compaction written during the turn comes after the line but keeps it), or null.
    /// </summary>
    public static TranscriptEntry? LastFor(IReadOnlyList<TranscriptEntry> transcript, long ownSeq) =>
        transcript.LastOrDefault(e => e.Kind == TranscriptKind.Compaction && FirstKeptSeqOf(e) <= ownSeq);

    /// <summary>How far a flush marker says memory was flushed; null for any other line.</summary>
    public static long? FlushedThroughOf(TranscriptEntry line) =>
        line.Kind == TranscriptKind.Message ? TranscriptMetadata.Number(line.MetadataJson, FlushedThroughSeq) : null;
}
