using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Testing;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests.Turns;

/// <summary>
/// Dispatch, durability before acknowledgement, ordering and delivery, over real HTTP to the fake model server. The
/// stores, resolver and lane are the stand-ins from <c>StandIns/</c> until Carapace.Sessions' implementations are merged.
/// </summary>
public sealed class TurnDispatcherTests
{
    private static ModelReply Echo(RecordedRequest request) =>
        ModelReply.WithText("echo: " + request.Messages.Last(m => m.Role == "user").Text);

    [Fact]
    public async Task ReplyGoesToTheTargetOfItsOwnMessage()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Script(Echo);
        var messages = new[]
        {
            f.Direct("alice", "alice-secret-apple"),
            f.Direct("bob", "bob-secret-banana"),
            f.InGroup("g1", "carol", "group-secret-cherry"),
        };

        var outcomes = await Task.WhenAll(messages.Select(f.TurnAsync));

        Assert.All(outcomes, o => Assert.Equal(TurnEnd.Completed, o.End));
        Assert.Equal(["echo: alice-secret-apple"], f.Channel.FinalsTo(new Peer(ChatType.Direct, "alice")));
        Assert.Equal(["echo: bob-secret-banana"], f.Channel.FinalsTo(new Peer(ChatType.Direct, "bob")));
        Assert.Equal(["echo: group-secret-cherry"], f.Channel.FinalsTo(new Peer(ChatType.Group, "g1")));
        Assert.Equal(3, f.Channel.Sent.Count);
        foreach (var request in f.Server.Requests)
        {
            var secrets = new[] { "alice-secret", "bob-secret", "group-secret" }.Count(s => request.PromptText.Contains(s, StringComparison.Ordinal));
            Assert.Equal(1, secrets);
        }
    }

    [Fact]
    public async Task Dispatch_ReturnsOnceTheMessageIsDurable_WhileTheTurnRunsOn()
    {
        await using var f = await TurnFixture.StartAsync();
        var gate = new TaskCompletionSource();
        f.Server.Script(_ => new ModelReply { Text = "later", Gate = gate.Task });
        var message = f.Direct("alice", "remember me", messageId: "tg-1");

        var ticket = await f.Dispatcher.DispatchAsync(message, TestDeadline.Token());

        var durable = Assert.Single(await f.TranscriptOfAsync(message));
        Assert.Equal((ticket.TranscriptSeq, ticket.SessionId, "remember me"), (durable.Seq, durable.SessionId, durable.Text));
        Assert.Equal(TurnFixture.RouteOf(message), ticket.Route);
        Assert.False(ticket.Completion.IsCompleted);
        gate.SetResult();
        Assert.Equal(TurnEnd.Completed, (await ticket.Completion.WaitAsync(TestDeadline.Token())).End);
    }

    [Fact]
    public async Task TurnsOfOneSessionRunOneAtATimeInArrivalOrder()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Script(Echo);
        var tickets = new List<TurnTicket>();
        for (var i = 1; i <= 6; i++)
        {
            tickets.Add(await f.Dispatcher.DispatchAsync(f.Direct("alice", $"message {i}"), TestDeadline.Token()));
        }

        await Task.WhenAll(tickets.Select(t => t.Completion)).WaitAsync(TestDeadline.Token());

        Assert.Equal(tickets.Select(t => t.TranscriptSeq).Order(), tickets.Select(t => t.TranscriptSeq));
        for (var i = 0; i < 6; i++)
        {
            var prompt = f.Server.Requests[i].Messages;
            Assert.Equal($"message {i + 1}", prompt[^1].Text);
            Assert.Equal(i, prompt.Count(m => m.Role == "assistant"));
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"echo: message {i}"), f.Channel.FinalsTo(new Peer(ChatType.Direct, "alice")));
    }

    [Fact]
    public async Task DifferentSessionsRunInParallel()
    {
        await using var f = await TurnFixture.StartAsync();
        var aliceGate = new TaskCompletionSource();
        f.Server.Script(r => r.PromptText.Contains("from alice", StringComparison.Ordinal)
            ? new ModelReply { Text = "alice done", Gate = aliceGate.Task }
            : ModelReply.WithText("bob done"));

        var alice = await f.Dispatcher.DispatchAsync(f.Direct("alice", "from alice"), TestDeadline.Token());
        var bob = await f.Dispatcher.DispatchAsync(f.Direct("bob", "from bob"), TestDeadline.Token());

        Assert.Equal("bob done", (await bob.Completion.WaitAsync(TestDeadline.Token())).ReplyText);
        Assert.False(alice.Completion.IsCompleted);
        aliceGate.SetResult();
        Assert.Equal("alice done", (await alice.Completion.WaitAsync(TestDeadline.Token())).ReplyText);
    }

    [Fact]
    public async Task Dispatch_RedeliveredChannelMessage_RunsNoSecondTurn()
    {
        await using var f = await TurnFixture.StartAsync();
        f.Server.Script(Echo);

        var first = await f.TurnAsync(f.Direct("alice", "once", messageId: "tg-42"));
        var again = await f.TurnAsync(f.Direct("alice", "once", messageId: "tg-42"));

        Assert.Equal(TurnEnd.Completed, first.End);
        Assert.Equal(new TurnOutcome("", TurnEnd.Command), again);
        Assert.Single(f.Server.Requests);
        Assert.Equal(2, (await f.TranscriptOfAsync(f.Direct("alice", ""))).Count);
    }

    [Fact]
    public async Task Dispatch_NewMessageOnBargeInChannel_InterruptsTheRunningTurn()
    {
        await using var f = await TurnFixture.StartAsync(new ChannelCapabilities { Streaming = true, BargeIn = true });
        var never = new TaskCompletionSource();
        f.Server.Script(r => r.PromptText.Contains("tell me a long story", StringComparison.Ordinal) && r.Messages[^1].Text == "tell me a long story"
            ? new ModelReply { Text = "Once upon", Gate = never.Task }
            : ModelReply.WithText("Stopping."));

        var first = await f.Dispatcher.DispatchAsync(f.Direct("caller", "tell me a long story"), TestDeadline.Token());
        await f.Server.WaitForRequestsAsync(1, TestDeadline.Token());
        var second = await f.Dispatcher.DispatchAsync(f.Direct("caller", "stop"), TestDeadline.Token());

        Assert.Equal(TurnEnd.Interrupted, (await first.Completion.WaitAsync(TestDeadline.Token())).End);
        Assert.Equal(new TurnOutcome("Stopping.", TurnEnd.Completed), await second.Completion.WaitAsync(TestDeadline.Token()));
        Assert.Equal(["Stopping."], f.Channel.FinalsTo(new Peer(ChatType.Direct, "caller")));
    }
}
