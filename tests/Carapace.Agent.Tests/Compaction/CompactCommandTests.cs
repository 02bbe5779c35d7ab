using Carapace.Agent.Compaction;
using Carapace.Agent.Models;
using Carapace.Agent.Tests.Turns;
using Carapace.Agent.Turns;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using static Carapace.Agent.Tests.Compaction.CompactionScript;

namespace Carapace.Agent.Tests.Compaction;

/// <summary><c>/compact</c> typed by the user: compacts instead of answering, flushing memory first.</summary>
public sealed class CompactCommandTests
{
    private static readonly Peer Alice = new(ChatType.Direct, "alice");

    private static TurnServices LargeWindow(TurnServices services, RecordingMemoryFlush flush)
    {
        // Window large enough that only the command compacts; keep about two turns.
        var small = SmallWindow(services, flush);
        return small with { Agents = small.Agents with { ContextTokens = 100_000 } };
    }

    [Fact]
    public async Task Compact_Command_FlushesThenSummarisesAndRepliesWithoutANormalAnswer()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => LargeWindow(s, flush));
        flush.Server = f.Server;
        f.Server.Script(Answer);
        for (var n = 1; n <= 5; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        var outcome = await f.TurnAsync(f.Direct("alice", "/compact"));

        var transcript = await TranscriptAsync(f);
        var compaction = Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        var compacted = CompactedSeqs(transcript, compaction);
        var messages = transcript.Count(l => compacted.Contains(l.Seq) && l.Kind == TranscriptKind.Message);
        Assert.Equal(new TurnOutcome($"Conversation compacted: {messages} earlier messages summarised.", TurnEnd.Command), outcome);
        Assert.Equal(6, messages); // three of five turns, user + assistant each; the last two turns (~120 tokens) are kept
        Assert.Equal(["ok", "ok", "ok", "ok", "ok", outcome.ReplyText], f.Channel.FinalsTo(Alice));
        Assert.Equal(6, f.Server.Requests.Count);
        Assert.True(IsSummaryRequest(f.Server.Requests[^1]));
        var call = Assert.Single(flush.Calls);
        Assert.Equal(compacted, call.Lines.Select(l => l.Seq));
        Assert.Equal((5, 0), (call.RequestsBefore, call.CompactionsBefore));
        Assert.Equal("command", System.Text.Json.Nodes.JsonNode.Parse(compaction.MetadataJson!)![CompactionMetadata.Reason]!.GetValue<string>());
        Assert.Equal(1, (await SessionAsync(f)).CompactionCount);

        // The next turn sees the summary and the kept turns; neither the command nor its reply reaches the model.
        await f.TurnAsync(f.Direct("alice", "what do you know?"));
        var next = f.Server.Requests[^1];
        Assert.Contains(SummaryText, next.SystemText, StringComparison.Ordinal);
        Assert.Equal([Message(4), "ok", Message(5), "ok", "what do you know?"], next.Messages.Where(m => m.Role != "system").Select(m => m.Text));
        Assert.DoesNotContain("/compact", next.PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("Conversation compacted", next.PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_WithFocus_PassesItToTheSummaryRequest()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => LargeWindow(s, flush));
        f.Server.Script(Answer);
        for (var n = 1; n <= 4; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        await f.TurnAsync(f.Direct("alice", "/COMPACT  the travel dates"));

        var summary = f.Server.Requests[^1];
        Assert.True(IsSummaryRequest(summary));
        Assert.Contains("focus on: the travel dates", summary.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_ShortConversation_SaysNothingToCompactWithoutFlushOrModel()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => LargeWindow(s, flush));
        f.Server.Script(Answer);
        await f.TurnAsync(f.Direct("alice", "hello"));

        var outcome = await f.TurnAsync(f.Direct("alice", "/compact"));

        Assert.Equal(TurnEnd.Command, outcome.End);
        Assert.StartsWith("Nothing to compact yet", outcome.ReplyText, StringComparison.Ordinal);
        Assert.Empty(flush.Calls);
        Assert.Single(f.Server.Requests);
        Assert.DoesNotContain(await TranscriptAsync(f), l => l.Kind == TranscriptKind.Compaction);
    }

    [Fact]
    public async Task Compact_NoModelConfigured_SaysNoModelIsConfigured()
    {
        await using var f = await TurnFixture.StartAsync(withModel: false);

        var outcome = await f.TurnAsync(f.Direct("alice", "/compact"));

        Assert.Equal(new TurnOutcome(ModelResolution.NoModelMessage, TurnEnd.NoModel), outcome);
        Assert.StartsWith("No model is configured", outcome.ReplyText, StringComparison.Ordinal);
        Assert.Empty(f.Server.Requests);
    }

    [Fact]
    public async Task Compact_SummaryRequestFails_ApologisesAndLeavesNoCompaction()
    {
        var flush = new RecordingMemoryFlush();
        await using var f = await TurnFixture.StartAsync(customize: s => LargeWindow(s, flush));
        f.Server.Script(r => IsSummaryRequest(r) ? ModelReply.Failure(401, "invalid_api_key", "bad key") : Answer(r));
        for (var n = 1; n <= 4; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        var outcome = await f.TurnAsync(f.Direct("alice", "/compact"));

        Assert.Equal(TurnEnd.Command, outcome.End);
        Assert.StartsWith("Sorry, I couldn't compact the conversation: the model provider rejected the API key", outcome.ReplyText, StringComparison.Ordinal);
        Assert.DoesNotContain(await TranscriptAsync(f), l => l.Kind == TranscriptKind.Compaction);
        Assert.Equal(0, (await SessionAsync(f)).CompactionCount);
    }

    [Theory]
    [InlineData("/compact", true, null)]
    [InlineData("/Compact   keep the dates  ", true, "keep the dates")]
    [InlineData("/compaction", false, null)]
    [InlineData("/compactnow", false, null)]
    [InlineData("please /compact", false, null)]
    [InlineData("", false, null)]
    [InlineData("/compact\tdates", true, "dates")]
    public void IsCommand_Table_RecognisesOnlyTheCommandWord(string body, bool expected, string? focus)
    {
        Assert.Equal(expected, CompactionTriggers.IsCommand(body.Trim(), out var parsed));
        Assert.Equal(focus, parsed);
    }
}
