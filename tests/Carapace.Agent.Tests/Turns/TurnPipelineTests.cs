using Carapace.Agent.Abstractions;
using Carapace.Agent.Models;
using Carapace.Core.Channels;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Turns;

/// <summary>
/// Whole turns over real HTTP to the fake model server. The session/transcript stores, resolver and lane are the
/// stand-ins from <c>StandIns/</c> until Carapace.Sessions' implementations are merged.
/// </summary>
public sealed class TurnPipelineTests
{
    private static readonly Peer Alice = new(ChatType.Direct, "alice");

    [Fact]
    public async Task Turn_TextReply_StreamsDeltasThenFinalAndRecordsBothLines()
    {
        await using var f = await TurnFixture.StartAsync(new ChannelCapabilities { Streaming = true });
        f.Server.Enqueue(ModelReply.WithText("Hello Alice, nice to meet you."));

        var outcome = await f.TurnAsync(f.Direct("alice", "Hi, I'm Alice"));

        Assert.Equal(new TurnOutcome("Hello Alice, nice to meet you.", TurnEnd.Completed), outcome);
        Assert.Equal("Hello Alice, nice to meet you.", string.Concat(f.Channel.DeltasTo(Alice)));
        Assert.True(f.Channel.DeltasTo(Alice).Count > 1);
        Assert.Equal(["Hello Alice, nice to meet you."], f.Channel.FinalsTo(Alice));
        var lines = await f.TranscriptOfAsync(f.Direct("alice", ""));
        Assert.Equal([("user", "Hi, I'm Alice"), ("assistant", "Hello Alice, nice to meet you.")], lines.Select(l => (l.Role, l.Text)));
        var session = await f.SessionStore.GetAsync(TurnFixture.RouteOf(f.Direct("alice", "")).SessionKey, default);
        Assert.True(session!.OutputTokens > 0);
        Assert.True(session.ContextTokens > 0);
    }

    [Fact]
    public async Task Turn_NonStreamingChannel_GetsOnlyTheFinalChunk()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Enqueue(ModelReply.WithText("One two three."));

        await f.TurnAsync(f.Direct("alice", "count"));

        var sent = Assert.Single(f.Channel.Sent);
        Assert.True(sent.Chunk.IsFinal);
        Assert.Equal("One two three.", sent.Chunk.Text);
        Assert.Equal(new DeliveryTarget("telegram", "default", Alice), sent.Target);
    }

    [Fact]
    public async Task Turn_SecondMessage_PromptHasSystemThenHistoryThenNewMessage()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Workspace.Write("SOUL.md", "Be kind.");
        f.Server.Enqueue(ModelReply.WithText("Noted: blue."), ModelReply.WithText("Blue."));

        await f.TurnAsync(f.Direct("alice", "My favourite colour is blue."));
        await f.TurnAsync(f.Direct("alice", "What is my favourite colour?"));

        var prompt = f.Server.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "user"], prompt.Select(m => m.Role));
        Assert.Contains("## SOUL.md\nBe kind.", prompt[0].Text, StringComparison.Ordinal);
        Assert.Contains("Current date and time: 2026-05-04 09:30", prompt[0].Text, StringComparison.Ordinal);
        Assert.Equal(["My favourite colour is blue.", "Noted: blue.", "What is my favourite colour?"], prompt.Skip(1).Select(m => m.Text));
    }

    [Fact]
    public async Task Turn_ToolFromRouteScopedSource_RoundTripRecordedInTranscript()
    {
        var source = new ScopeEchoToolSource();
        await using var f = await TurnFixture.StartAsync(customize: s => s with { ToolSources = [source] });
        f.Server.Enqueue(
            ModelReply.CallingTools(new ScriptedToolCall("call_7", "whoami", "{}")),
            ModelReply.WithText("You are telegram:alice."));

        var outcome = await f.TurnAsync(f.Direct("alice", "Who am I?"));

        Assert.Equal("You are telegram:alice.", outcome.ReplyText);
        Assert.Equal(["whoami"], f.Server.Requests[0].Tools);
        Assert.Contains("scope=telegram:alice", f.Server.Requests[1].Messages.Single(m => m.Role == "tool").Text, StringComparison.Ordinal);
        var lines = await f.TranscriptOfAsync(f.Direct("alice", ""));
        Assert.Equal(
            [TranscriptKind.Message, TranscriptKind.ToolCall, TranscriptKind.ToolResult, TranscriptKind.Message],
            lines.Select(l => l.Kind));
        Assert.Equal(("call_7", "whoami"), (lines[1].ToolCallId, lines[1].ToolName));
        Assert.Equal(("call_7", "\"scope=telegram:alice\""), (lines[2].ToolCallId, lines[2].Text));

        f.Server.Enqueue(ModelReply.WithText("Still you."));
        await f.TurnAsync(f.Direct("alice", "And now?"));
        var replayed = f.Server.Requests[2].Messages;
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "user"], replayed.Select(m => m.Role));
        Assert.Equal("call_7", replayed[3].ToolCallId);
        Assert.Equal(f.Server.Requests[1].Messages.Single(m => m.Role == "tool").Text, replayed[3].Text);
    }

    [Fact]
    public async Task Turn_ProviderFailsEveryTime_ApologyDeliveredAndUserMessageKept()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Script(_ => ModelReply.ServerError());

        var outcome = await f.TurnAsync(f.Direct("alice", "Are you there?"));

        Assert.Equal(TurnEnd.Failed, outcome.End);
        Assert.Equal("Sorry, I couldn't answer that: the model provider had an error. Please try again.", outcome.ReplyText);
        Assert.Equal([outcome.ReplyText], f.Channel.FinalsTo(Alice));
        Assert.Equal(2, f.Server.Requests.Count);
        var lines = await f.TranscriptOfAsync(f.Direct("alice", ""));
        Assert.Equal("Are you there?", lines[0].Text);

        f.Server.Script(_ => ModelReply.WithText("Yes."));
        await f.TurnAsync(f.Direct("alice", "Now?"));
        Assert.DoesNotContain(f.Server.Requests[^1].Messages, m => m.Text.Contains("Sorry", StringComparison.Ordinal));
        Assert.Equal(["Are you there?", "Now?"], f.Server.Requests[^1].Messages.Where(m => m.Role == "user").Select(m => m.Text));
    }

    [Fact]
    public async Task Turn_ContextTooLong_ApologySuggestsNew()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Enqueue(ModelReply.ContextLengthExceeded());

        var outcome = await f.TurnAsync(f.Direct("alice", "long story"));

        Assert.Equal(TurnEnd.Failed, outcome.End);
        Assert.Contains("/new", outcome.ReplyText, StringComparison.Ordinal);
        Assert.Single(f.Server.Requests);
    }

    [Fact]
    public async Task Turn_NoModelConfigured_ExactlyOneLineSayingHowToConfigure()
    {
        await using var f = await TurnFixture.StartAsync(withModel: false);

        var outcome = await f.TurnAsync(f.Direct("alice", "hello?"));

        Assert.Equal(new TurnOutcome(ModelResolution.NoModelMessage, TurnEnd.NoModel), outcome);
        var final = Assert.Single(f.Channel.FinalsTo(Alice));
        Assert.DoesNotContain('\n', final);
        Assert.Empty(f.Server.Requests);
    }

    [Fact]
    public async Task Turn_AfterNewTrigger_NoticeLeadsReplyAndHistoryStartsOver()
    {
        await using var f = await TurnFixture.StartAsync(new ChannelCapabilities { Streaming = true });
        f.Server.Enqueue(ModelReply.WithText("First."), ModelReply.WithText("Fresh start."));

        await f.TurnAsync(f.Direct("alice", "old topic"));
        var outcome = await f.TurnAsync(f.Direct("alice", "/new tell me a joke"));

        Assert.Equal("New conversation started (/new).\n\nFresh start.", outcome.ReplyText);
        Assert.StartsWith("New conversation started (/new).", string.Concat(f.Channel.DeltasTo(Alice).Skip(1)), StringComparison.Ordinal);
        Assert.Equal(["system", "user"], f.Server.Requests[1].Messages.Select(m => m.Role));
        Assert.Equal("tell me a joke", f.Server.Requests[1].Messages[1].Text);
    }

    [Fact]
    public async Task Turn_BareNewTrigger_RepliesWithNoticeOnlyWithoutTheModel()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Enqueue(ModelReply.WithText("First."), ModelReply.WithText("Hi again."));
        await f.TurnAsync(f.Direct("alice", "hello"));

        var outcome = await f.TurnAsync(f.Direct("alice", "/new"));
        await f.TurnAsync(f.Direct("alice", "hi"));

        Assert.Equal(new TurnOutcome("New conversation started (/new).", TurnEnd.Command), outcome);
        Assert.Equal(2, f.Server.Requests.Count);
        Assert.Equal(["hi"], f.Server.Requests[1].Messages.Where(m => m.Role == "user").Select(m => m.Text));
    }

    [Fact]
    public async Task Turn_PostTurnHooks_SeeTheTurnAfterDelivery_AndAFailingHookChangesNothing()
    {
        var seen = new List<(CompletedTurn Turn, int FinalsDelivered)>();
        TurnFixture? fixture = null;
        var recording = new DelegateHook(t =>
        {
            seen.Add((t, fixture!.Channel.FinalsTo(Alice).Count));
            return ValueTask.CompletedTask;
        });
        await using var f = fixture = await TurnFixture.StartAsync(customize: s => s with { PostTurnHooks = [new DelegateHook(_ => throw new InvalidOperationException("boom")), recording] });
        f.Server.Enqueue(ModelReply.WithText("Done."));

        var outcome = await f.TurnAsync(f.Direct("alice", "do it"));

        Assert.Equal(TurnEnd.Completed, outcome.End);
        var (turn, finals) = Assert.Single(seen);
        Assert.Equal(1, finals);
        Assert.Equal(("do it", "Done."), (turn.UserText, turn.ReplyText));
        Assert.Equal(TurnFixture.RouteOf(f.Direct("alice", "")).SessionKey, turn.Route.SessionKey);
        Assert.Single(turn.Appended);
    }

    [Fact]
    public async Task Turn_ChannelWithoutAdapter_FailsQuietlyKeepingTheMessage()
    {
        await using var f = await TurnFixture.StartAsync();
        var message = f.Direct("alice", "hi") with { Channel = "discord" };

        var outcome = await f.TurnAsync(message);

        Assert.Equal(TurnEnd.Failed, outcome.End);
        Assert.Empty(f.Server.Requests);
        Assert.Equal("hi", Assert.Single(await f.TranscriptOfAsync(message)).Text);
    }

    [Fact]
    public async Task Turn_TranscriptFailsAfterTheModelAnswered_ApologyDeliveredAndNothingThrown()
    {
        await using var f = await TurnFixture.StartAsync(customize: s => s with { Transcripts = new FaultInjectingTranscriptStore(s.Transcripts) });
        f.Server.Enqueue(ModelReply.WithText("An answer that cannot be saved."));

        var outcome = await f.TurnAsync(f.Direct("alice", "hi"));

        Assert.Equal(TurnEnd.Failed, outcome.End);
        Assert.Equal([outcome.ReplyText], f.Channel.FinalsTo(Alice));
        Assert.StartsWith("Sorry", outcome.ReplyText, StringComparison.Ordinal);
        Assert.Equal("hi", Assert.Single(await f.TranscriptOfAsync(f.Direct("alice", ""))).Text);
    }

    [Fact]
    public async Task Turn_BlankMessageWithoutRotation_SendsNothing()
    {
        await using var f = await TurnFixture.StartAsync();

        var outcome = await f.TurnAsync(f.Direct("alice", "   "));

        Assert.Equal(new TurnOutcome("", TurnEnd.Command), outcome);
        Assert.Empty(f.Channel.Sent);
        Assert.Empty(f.Server.Requests);
    }

    private sealed class ScopeEchoToolSource : IToolSource
    {
        public ValueTask<IReadOnlyList<AITool>> GetToolsAsync(Route route, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<AITool>>([AIFunctionFactory.Create(() => $"scope={route.Memory.Identity}", "whoami", "Who is asking")]);
    }

    private sealed class DelegateHook(Func<CompletedTurn, ValueTask> onTurn) : IPostTurnHook
    {
        public ValueTask OnTurnCompletedAsync(CompletedTurn turn, CancellationToken cancellationToken) => onTurn(turn);
    }
}
