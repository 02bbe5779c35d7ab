using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Sessions;
using Carapace.Core.Turns;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests.Turns;

/// <summary>session.sendPolicy in a real pipeline: a denied conversation keeps the user's message but gets no model call and no delivery.</summary>
public sealed class SendPolicyStageTests
{
    private static readonly SendPolicy DenyGroups = new(Rules: [new SendPolicyRule(SendAction.Deny, ChatType: ChatType.Group)]);

    [Fact]
    public async Task Turn_DeniedConversation_MessageStoredNoModelCallNothingDelivered()
    {
        await using var f = await TurnFixture.StartAsync(new ChannelCapabilities { Streaming = true }, customize: s => s with { SendPolicy = DenyGroups });
        var message = f.InGroup("room1", "bob", "anyone there?");

        var outcome = await f.TurnAsync(message);

        Assert.Equal(new TurnOutcome("", TurnEnd.Denied), outcome);
        Assert.Empty(f.Server.Requests);
        Assert.Empty(f.Channel.Sent);
        Assert.Equal([("user", "anyone there?")], (await f.TranscriptOfAsync(message)).Select(l => (l.Role, l.Text)));
    }

    [Fact]
    public async Task Turn_ResetTriggerInDeniedConversation_NoNoticeDelivered()
    {
        await using var f = await TurnFixture.StartAsync(customize: s => s with { SendPolicy = DenyGroups });
        await f.TurnAsync(f.InGroup("room1", "bob", "first"));

        var outcome = await f.TurnAsync(f.InGroup("room1", "bob", "/new"));

        Assert.Equal(TurnEnd.Denied, outcome.End);
        Assert.Empty(f.Channel.Sent);
    }

    [Fact]
    public async Task Turn_AllowedConversationBesideADeniedOne_AnswersAsUsual()
    {
        await using var f = await TurnFixture.StartAsync(customize: s => s with { SendPolicy = DenyGroups });
        f.Server.Enqueue(ModelReply.WithText("hello alice"));

        var outcome = await f.TurnAsync(f.Direct("alice", "hi"));

        Assert.Equal(new TurnOutcome("hello alice", TurnEnd.Completed), outcome);
        Assert.Equal(["hello alice"], f.Channel.FinalsTo(new Peer(ChatType.Direct, "alice")));
    }
}
