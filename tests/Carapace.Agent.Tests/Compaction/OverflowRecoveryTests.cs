using Carapace.Agent.Tests.Turns;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using static Carapace.Agent.Tests.Compaction.CompactionScript;

namespace Carapace.Agent.Tests.Compaction;

/// <summary>Recovery after the provider rejects the prompt as too long: flush, compact, retry the turn once.</summary>
public sealed class OverflowRecoveryTests
{
    private static readonly Peer Alice = new(ChatType.Direct, "alice");

    // The provider's window is smaller than Carapace was told (the default 200000), so only its 400 reveals the overflow.
    private static async Task<(TurnFixture Fixture, RecordingMemoryFlush Flush)> StartAsync()
    {
        var flush = new RecordingMemoryFlush();
        var f = await TurnFixture.StartAsync(customize: s =>
        {
            flush.Transcripts = s.Transcripts;
            return s with { MemoryFlush = flush };
        });
        flush.Server = f.Server;
        return (f, flush);
    }

    [Fact]
    public async Task Overflow_ProviderRejectsTooLong_FlushesCompactsAndAnswersTheMessageOnce()
    {
        var (f, flush) = await StartAsync();
        await using var _ = f;
        f.Server.Enqueue(ModelReply.WithText("ok"), ModelReply.WithText("ok"), ModelReply.WithText("ok"), ModelReply.WithText("ok"));
        for (var n = 1; n <= 4; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        f.Server.Enqueue(ModelReply.ContextLengthExceeded(), ModelReply.WithText(SummaryText), ModelReply.WithText("Rex is your dog."));

        var outcome = await f.TurnAsync(f.Direct("alice", "what is my dog called?"));

        Assert.Equal(new TurnOutcome("Rex is your dog.", TurnEnd.Completed), outcome);
        Assert.Equal("Rex is your dog.", f.Channel.FinalsTo(Alice)[^1]);
        var requests = f.Server.Requests;
        Assert.Equal(7, requests.Count);
        Assert.True(IsSummaryRequest(requests[5]));
        var call = Assert.Single(flush.Calls);
        Assert.Equal((5, 0), (call.RequestsBefore, call.CompactionsBefore));
        var transcript = await TranscriptAsync(f);
        var compaction = Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        Assert.Equal(CompactedSeqs(transcript, compaction), call.Lines.Select(l => l.Seq));
        Assert.Contains("\"reason\":\"overflow\"", compaction.MetadataJson, StringComparison.Ordinal);

        // The retry carries the summary and ends with the message that overflowed, which is in the transcript once and answered once.
        var retry = requests[6];
        Assert.Contains(SummaryText, retry.SystemText, StringComparison.Ordinal);
        Assert.Equal("what is my dog called?", retry.Messages[^1].Text);
        Assert.DoesNotContain(Message(1), retry.PromptText, StringComparison.Ordinal);
        Assert.Single(transcript, l => l.Text == "what is my dog called?");
        Assert.Single(transcript, l => l.Text == "Rex is your dog.");
        Assert.DoesNotContain(transcript, l => l.Text.StartsWith("Sorry", StringComparison.Ordinal));
        Assert.Equal(1, (await SessionAsync(f)).CompactionCount);
    }

    [Fact]
    public async Task Overflow_StillTooLongAfterCompacting_ApologisesOnceAndKeepsTheMessage()
    {
        var (f, flush) = await StartAsync();
        await using var _ = f;
        f.Server.Enqueue(ModelReply.WithText("ok"), ModelReply.WithText("ok"), ModelReply.WithText("ok"));
        for (var n = 1; n <= 3; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
        }

        f.Server.Enqueue(ModelReply.ContextLengthExceeded(), ModelReply.WithText(SummaryText), ModelReply.ContextLengthExceeded());

        var outcome = await f.TurnAsync(f.Direct("alice", "and now?"));

        Assert.Equal(TurnEnd.Failed, outcome.End);
        Assert.Contains("too long for the model", outcome.ReplyText, StringComparison.Ordinal);
        Assert.Equal(6, f.Server.Requests.Count);
        Assert.Single(flush.Calls);
        var transcript = await TranscriptAsync(f);
        Assert.Single(transcript, l => l.Text == "and now?");
        Assert.Single(transcript, l => l.Text == outcome.ReplyText);
    }

    [Fact]
    public async Task Overflow_AnthropicStyleMessage_IsRecognisedToo()
    {
        var (f, flush) = await StartAsync();
        await using var _ = f;
        f.Server.Enqueue(ModelReply.WithText("ok"), ModelReply.WithText("ok"));
        await f.TurnAsync(f.Direct("alice", Message(1)));
        await f.TurnAsync(f.Direct("alice", Message(2)));
        f.Server.Enqueue(
            ModelReply.Failure(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
            ModelReply.WithText(SummaryText),
            ModelReply.WithText("fine"));

        var outcome = await f.TurnAsync(f.Direct("alice", "go on"));

        Assert.Equal(new TurnOutcome("fine", TurnEnd.Completed), outcome);
        Assert.Single(flush.Calls);
    }
}
