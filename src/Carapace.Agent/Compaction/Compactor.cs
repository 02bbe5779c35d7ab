using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Compaction;

/// <summary>
/// Compacts a session without forgetting: picks the older lines (the recent ones stay verbatim, tool pairs stay
/// whole), hands them to the memory flush first, then writes the model's summary as a compaction line recording where
/// the kept lines start, and counts the compaction on the session.
/// </summary>
internal sealed partial class Compactor(ITranscriptStore transcripts, SessionManager sessions, IMemoryFlush flush, AgentOptions agents, TimeProvider time, ILogger logger)
{
    private readonly CompactionSummarizer _summarizer = new(agents.UserTimeZone);

    /// <summary>The thresholds for the agent's window.</summary>
    public CompactionBudget Budget { get; } = agents.Compaction.BudgetFor(agents.ContextTokens);

    /// <summary>What the model sees of the turn's session now.</summary>
    public async Task<CompactionView> ViewAsync(AcceptedTurn turn, CancellationToken cancellationToken) =>
        CompactionView.Of(await transcripts.ReadAsync(turn.Session.SessionId, 0, cancellationToken), turn.UserEntry.Seq);

    /// <summary>
    /// Flushes, summarises and records the lines before the kept <paramref name="keepTokens"/> (never the turn's own
    /// message or anything after it); null when there is nothing to summarise.
    /// </summary>
    public async Task<CompactionResult?> CompactAsync(
        AcceptedTurn turn, IChatClient model, CompactionView view, CompactionReason reason, int keepTokens, long tokensBefore, string? focus, CancellationToken cancellationToken)
    {
        var cut = CompactionCut.Find(view.Lines, keepTokens, view.LimitFor(turn.UserEntry.Seq));
        if (cut == 0)
        {
            return null;
        }

        var compacting = view.Lines.Take(cut).ToList();
        await FlushAsync(turn, view, compacting, cancellationToken);
        var summary = await _summarizer.SummarizeAsync(model, view.Summary, compacting, focus, Budget.ChunkTokens, cancellationToken);
        var summarised = compacting.Count(l => l.Kind == TranscriptKind.Message);
        var firstKept = view.Lines[cut].Seq;
        await transcripts.AppendAsync(
            Line(turn, TranscriptKind.Compaction, summary, TranscriptMetadata.Of(
                (CompactionMetadata.FirstKeptSeq, firstKept),
                (CompactionMetadata.TokensBefore, tokensBefore),
                (CompactionMetadata.Summarised, summarised),
                (CompactionMetadata.Reason, reason.ToString().ToLowerInvariant()))),
            cancellationToken);
        var session = await sessions.RecordCompactionAsync(turn.Route.SessionKey, turn.Session.SessionId, cancellationToken) ?? turn.Session;
        LogCompacted(turn.Route.SessionKey, reason, summarised, tokensBefore, firstKept);
        return new CompactionResult(summarised, firstKept, session);
    }

    /// <summary>The early flush near the threshold: hands over what compacting now would summarise; false when there was nothing new.</summary>
    public async Task<bool> FlushAheadAsync(AcceptedTurn turn, CompactionView view, CancellationToken cancellationToken)
    {
        var cut = CompactionCut.Find(view.Lines, Budget.KeepRecent, view.LimitFor(turn.UserEntry.Seq));
        return cut > 0 && await FlushAsync(turn, view, [.. view.Lines.Take(cut)], cancellationToken);
    }

    // Each line is flushed once: a marker records how far, so a retry after a failed summary or the compaction after an
    // early flush hands over only what is new.
    private async Task<bool> FlushAsync(AcceptedTurn turn, CompactionView view, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken)
    {
        var unflushed = compacting.Where(l => l.Seq > view.FlushedThroughSeq).ToList();
        if (!agents.Compaction.MemoryFlush.Enabled || unflushed.Count == 0)
        {
            return false;
        }

        await flush.FlushAsync(turn.Route, turn.Session.SessionId, unflushed, cancellationToken);
        var through = unflushed[^1].Seq;
        await transcripts.AppendAsync(
            Line(turn, TranscriptKind.Message, $"Memory flushed before compaction, through line {through}.", TranscriptMetadata.Of(
                (TranscriptMetadata.Synthetic, true),
                (CompactionMetadata.FlushedThroughSeq, through))),
            cancellationToken);
        LogFlushed(turn.Route.SessionKey, unflushed.Count, through);
        return true;
    }

    private TranscriptEntry Line(AcceptedTurn turn, TranscriptKind kind, string text, string metadataJson) => new()
    {
        SessionId = turn.Session.SessionId,
        SessionKey = turn.Route.SessionKey,
        Kind = kind,
        Role = "system",
        Text = text,
        At = time.GetUtcNow(),
        MetadataJson = metadataJson,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {SessionKey} ({Reason}): {Summarised} messages summarised from ~{TokensBefore} tokens; kept from line {FirstKeptSeq}")]
    private partial void LogCompacted(string sessionKey, CompactionReason reason, int summarised, long tokensBefore, long firstKeptSeq);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory flushed for {SessionKey}: {Lines} lines through line {ThroughSeq}")]
    private partial void LogFlushed(string sessionKey, int lines, long throughSeq);
}
