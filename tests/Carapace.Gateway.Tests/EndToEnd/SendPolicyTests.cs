using Carapace.Core.Messages;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// session.sendPolicy through the real gateway: a denied conversation's message is acknowledged and stored, the model is
/// not called, and the sender gets an error frame saying the reply was withheld (not a final: the agent said nothing).
/// </summary>
public sealed class SendPolicyTests
{
    public static TheoryData<string, string, ChatType, bool> Rows => new()
    {
        // sendPolicy, channel, peer kind, denied
        { "{ rules: [{ action: 'allow', match: { channel: 'webchat' } }, { action: 'deny', match: { chatType: 'group' } }] }", "webchat", ChatType.Group, true },
        { "{ rules: [{ action: 'allow', match: { channel: 'webchat' } }, { action: 'deny', match: { chatType: 'group' } }] }", "webchat", ChatType.Direct, false },
        { "{ rules: [{ action: 'deny', match: { keyPrefix: 'tui:direct:' } }] }", "tui", ChatType.Direct, true },
        { "{ rules: [{ action: 'deny', match: { keyPrefix: 'tui:direct:' } }] }", "webchat", ChatType.Direct, false },
        { "{ rules: [{ action: 'deny', match: { keyPrefix: 'agent:main:webchat:' } }] }", "webchat", ChatType.Group, true },
        { "{ rules: [{ action: 'deny', match: { rawKeyPrefix: 'webchat:' } }] }", "webchat", ChatType.Direct, false },
        { "{ rules: [{ action: 'deny', match: { channel: 'TUI' } }] }", "tui", ChatType.Group, true },
        { "{ rules: [{ action: 'deny', match: { channel: 'tui' } }] }", "webchat", ChatType.Direct, false },
        { "{ rules: [{ action: 'deny', match: { chatType: 'channel' } }] }", "tui", ChatType.Channel, true },
        { "{ rules: [{ action: 'deny', match: { chatType: 'channel' } }] }", "tui", ChatType.Group, false },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { chatType: 'direct' } }] }", "webchat", ChatType.Group, true },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { chatType: 'direct' } }] }", "webchat", ChatType.Direct, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Send_PolicyRules_DeniedConversationStoredButNotAnswered(string policy, string channel, ChatType kind, bool denied)
    {
        await using var gateway = await TestGateway.StartAsync($"session: {{ dmScope: 'per-channel-peer', sendPolicy: {policy} }}");
        Assert.Empty(gateway.Host.Settings.Document.Diagnostics);
        await using var client = await gateway.ConnectAsync();

        await client.SendAsync(new SendFrame("m1", channel, new Peer(kind, "room-or-person"), "carol", "is anyone listening?", null), CancellationToken.None);
        var frames = await client.UntilFinalAsync("m1");

        var accepted = frames[0];
        Assert.Equal(ServerFrame.Types.Accepted, accepted.Type);
        Assert.Contains("is anyone listening?", (await gateway.TranscriptAsync(accepted.SessionKey!)).Select(l => l.Text));
        if (denied)
        {
            Assert.Equal([ServerFrame.Types.Accepted, ServerFrame.Types.Error], frames.Select(f => f.Type));
            Assert.Equal($"no reply: sending is denied by session.sendPolicy in {accepted.SessionKey}; the message is stored in the transcript", frames[^1].Message);
            Assert.Empty(gateway.Model.Requests);
        }
        else
        {
            Assert.Equal((ServerFrame.Types.Final, "echo: is anyone listening?"), (frames[^1].Type, frames[^1].Text));
            Assert.Single(gateway.Model.Requests);
        }
    }
}
