using Carapace.Agent.Abstractions;
using Carapace.Agent.Compaction;
using Carapace.Agent.Tests.Turns;
using Carapace.Core.Routing;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;
using static Carapace.Agent.Tests.Compaction.CompactionScript;

namespace Carapace.Agent.Tests.Compaction;

/// <summary>Compaction before the model call when the prompt nears the window: real pipeline, SQLite and the fake model over HTTP.</summary>
public sealed class CompactionThresholdTests
{
    [Fact]
    public async Task Threshold_PromptNearWindow_FlushesExactlyTheCompactedLinesBeforeTheSummaryIsWritten()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => SmallWindow(s, flush));
        flush.Server = f.Server;
        f.Server.Script(Answer);

        var last = await TalkUntilCompactedAsync(f, 1, 30);

        var transcript = await TranscriptAsync(f);
        var compaction = Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        var call = Assert.Single(flush.Calls);
        Assert.Equal(CompactedSeqs(transcript, compaction), call.Lines.Select(l => l.Seq));
        Assert.Contains(call.Lines, l => l.Role == "assistant");
        Assert.Equal(0, call.CompactionsBefore);
        var requests = f.Server.Requests;
        var summaryAt = requests.ToList().FindIndex(IsSummaryRequest);
        Assert.Equal(summaryAt, call.RequestsBefore);
        Assert.Contains(Message(1), requests[summaryAt].Messages[1].Text, StringComparison.Ordinal);
        Assert.Equal(SummaryText, compaction.Text);
        Assert.True(TranscriptMetadataOf(compaction, CompactionMetadata.TokensBefore) >= 750);
        Assert.Equal(1, (await SessionAsync(f)).CompactionCount);

        // The same turn then asks the model with the summary, the kept turns verbatim and its own message last.
        var turn = requests[summaryAt + 1];
        Assert.False(IsSummaryRequest(turn));
        Assert.Contains("Summary of the conversation so far:\n" + SummaryText, turn.SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain(Message(1), turn.PromptText, StringComparison.Ordinal);
        var firstKept = CompactionMetadata.FirstKeptSeqOf(compaction);
        var keptUsers = transcript.Where(l => l is { Kind: TranscriptKind.Message, Role: "user" } && l.Seq >= firstKept).Select(l => l.Text);
        Assert.Equal(keptUsers, turn.Messages.Where(m => m.Role == "user").Select(m => m.Text));
        Assert.Equal(Message(last), turn.Messages[^1].Text);
        Assert.Equal(requests.Count - 1, summaryAt + 1);
    }

    [Fact]
    public async Task Threshold_SecondCycle_FoldsThePreviousSummaryAndFlushesOnlyNewLines()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => SmallWindow(s, flush));
        flush.Server = f.Server;
        f.Server.Script(Answer);
        var last = await TalkUntilCompactedAsync(f, 1, 30);

        for (var n = last + 1; flush.Calls.Count < 2 && n < last + 30; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        var transcript = await TranscriptAsync(f);
        var compactions = transcript.Where(l => l.Kind == TranscriptKind.Compaction).ToList();
        Assert.Equal(2, compactions.Count);
        Assert.Equal(2, (await SessionAsync(f)).CompactionCount);
        var firstKept = CompactionMetadata.FirstKeptSeqOf(compactions[0]);
        Assert.Equal(CompactedSeqs(transcript, compactions[1]), flush.Calls[1].Lines.Select(l => l.Seq));
        Assert.All(flush.Calls[1].Lines, l => Assert.True(l.Seq >= firstKept));
        var secondSummary = f.Server.Requests.Where(IsSummaryRequest).Last();
        Assert.Contains("Summary so far:\n" + SummaryText, secondSummary.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threshold_SoftThresholdCrossed_FlushesEarlyOncePerCycleThenCompactionFlushesOnlyTheRest()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => SmallWindow(s, flush, soft: 250));
        flush.Server = f.Server;
        f.Server.Script(Answer);
        var firstFlushTurn = 0;
        var compactionTurn = 0;
        for (var n = 1; n <= 30; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
            if (flush.Calls.Count > 0 && firstFlushTurn == 0)
            {
                firstFlushTurn = n;
                Assert.DoesNotContain(await TranscriptAsync(f), l => l.Kind == TranscriptKind.Compaction);
            }

            if ((await TranscriptAsync(f)).Any(l => l.Kind == TranscriptKind.Compaction))
            {
                compactionTurn = n;
                break;
            }
        }

        // Several turns lie between the soft threshold (500) and compaction (750); only the first flushed early.
        Assert.InRange(firstFlushTurn, 1, compactionTurn - 2);
        var transcript = await TranscriptAsync(f);
        var compaction = Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        Assert.Equal(2, flush.Calls.Count);
        var (early, atCompaction) = (flush.Calls[0], flush.Calls[1]);
        Assert.True(atCompaction.Lines[0].Seq > early.Lines[^1].Seq);
        Assert.Equal(f.Server.Requests.ToList().FindIndex(IsSummaryRequest), atCompaction.RequestsBefore);
        Assert.Equal(CompactedSeqs(transcript, compaction), flush.Calls.SelectMany(c => c.Lines).Select(l => l.Seq));
    }

    [Fact]
    public async Task Threshold_FlushFails_NothingIsCompactedAndTheTurnIsStillAnswered()
    {
        var flush = new RecordingMemoryFlush(fail: true);
        await using var f = await TurnFixture.StartAsync(customize: s => SmallWindow(s, flush));
        flush.Server = f.Server;
        f.Server.Script(Answer);

        for (var n = 1; flush.Calls.Count == 0 && n <= 30; n++)
        {
            var outcome = await f.TurnAsync(f.Direct("alice", Message(n)));
            Assert.Equal(new TurnOutcome("ok", TurnEnd.Completed), outcome);
        }

        Assert.NotEmpty(flush.Calls);
        Assert.DoesNotContain(await TranscriptAsync(f), l => l.Kind == TranscriptKind.Compaction);
        Assert.DoesNotContain(f.Server.Requests, IsSummaryRequest);
        Assert.Equal(0, (await SessionAsync(f)).CompactionCount);
    }

    [Fact]
    public async Task Threshold_EveryTurnCallsATool_CallsAndResultsAreCompactedAndKeptTogether()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => SmallWindow(s, flush) with { ToolSources = [new LookupTools()] });
        f.Server.Script(r => IsSummaryRequest(r) ? Answer(r)
            : r.Messages[^1].Role == "user" ? ModelReply.CallingTools(new ScriptedToolCall("call_" + r.Messages[^1].Text[5..7], "lookup", "{}"))
            : ModelReply.WithText("ok"));

        await TalkUntilCompactedAsync(f, 1, 30);

        var flushed = Assert.Single(flush.Calls).Lines;
        var calls = flushed.Where(l => l.Kind == TranscriptKind.ToolCall).Select(l => l.ToolCallId).ToList();
        Assert.NotEmpty(calls);
        Assert.Equal(calls, flushed.Where(l => l.Kind == TranscriptKind.ToolResult).Select(l => l.ToolCallId));
        var prompt = f.Server.Requests[^1];
        var keptCalls = prompt.Messages.SelectMany(m => m.ToolCalls).Select(c => c.Id).ToList();
        Assert.NotEmpty(keptCalls);
        Assert.Equal(keptCalls, prompt.Messages.Where(m => m.Role == "tool").Select(m => m.ToolCallId));
        Assert.Empty(keptCalls.Intersect(calls));
    }

    private sealed class LookupTools : IToolSource
    {
        public ValueTask<IReadOnlyList<AITool>> GetToolsAsync(Route route, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<AITool>>([AIFunctionFactory.Create(() => "looked up: nothing new", "lookup", "Looks something up")]);
    }

    private static long? TranscriptMetadataOf(TranscriptEntry line, string key) => Agent.Turns.TranscriptMetadata.Number(line.MetadataJson, key);
}
