using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// Two people on two client channels (alice on tui, bob on webchat) through the real WebSocket API, router, sessions and
/// agent, under every dmScope: the accepted session keys are OpenClaw's, and the prompts the model receives keep each
/// person's words to their own conversation, except under <c>main</c>, where sharing one session is the documented behaviour.
/// </summary>
public sealed class DmScopeIsolationTests
{
    public static TheoryData<string, string, string> Scopes => new()
    {
        // dmScope, alice's key (tui peer "Alice": ids are lowercased), bob's key (webchat peer "bob")
        { "main", "agent:main:main", "agent:main:main" },
        { "per-peer", "agent:main:direct:alice", "agent:main:direct:bob" },
        { "per-channel-peer", "agent:main:tui:direct:alice", "agent:main:webchat:direct:bob" },
        { "per-account-channel-peer", "agent:main:tui:default:direct:alice", "agent:main:webchat:default:direct:bob" },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task TwoPeersOnTwoChannels_EachScope_OpenClawKeysAndNoPromptHoldsTheOtherPersonsWords(string dmScope, string aliceKey, string bobKey)
    {
        await using var gateway = await TestGateway.StartAsync($"session: {{ dmScope: '{dmScope}' }}");
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        var keys = new List<string?>
        {
            await SayAsync(alice, "a1", "tui", "Alice", "my locker code is CANARY-ALICE-ONE"),
            await SayAsync(bob, "b1", "webchat", "bob", "my bank pin is CANARY-BOB-ONE"),
            await SayAsync(alice, "a2", "tui", "Alice", "remind me CANARY-ALICE-TWO"),
            await SayAsync(bob, "b2", "webchat", "bob", "and CANARY-BOB-TWO"),
        };

        Assert.Equal([aliceKey, bobKey, aliceKey, bobKey], keys);
        var prompts = gateway.Model.Requests;
        Assert.Equal(4, prompts.Count);
        var alicePrompts = prompts.Where(p => TestGateway.LastUserText(p).Contains("CANARY-ALICE", StringComparison.Ordinal)).ToArray();
        var bobPrompts = prompts.Where(p => TestGateway.LastUserText(p).Contains("CANARY-BOB", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, alicePrompts.Length);
        Assert.Equal(2, bobPrompts.Length);
        if (dmScope == "main")
        {
            // One shared session: bob's first prompt already holds alice's first message (OpenClaw's documented main scope).
            Assert.Contains("CANARY-ALICE-ONE", bobPrompts[0].PromptText, StringComparison.Ordinal);
            Assert.Contains("CANARY-BOB-ONE", alicePrompts[1].PromptText, StringComparison.Ordinal);
        }
        else
        {
            Assert.All(alicePrompts, p => Assert.DoesNotContain("CANARY-BOB", p.PromptText, StringComparison.Ordinal));
            Assert.All(bobPrompts, p => Assert.DoesNotContain("CANARY-ALICE", p.PromptText, StringComparison.Ordinal));
            Assert.Contains("CANARY-ALICE-ONE", alicePrompts[1].PromptText, StringComparison.Ordinal);
            Assert.Contains("CANARY-BOB-ONE", bobPrompts[1].PromptText, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string, bool> LinkedScopes => new()
    {
        // dmScope, key on tui, key on webchat, whether the two channels of one person share a conversation
        { "per-peer", "agent:main:direct:alice", "agent:main:direct:alice", true },
        // OpenClaw keeps the channel segment under per-channel-peer, so a link only renames the peer.
        { "per-channel-peer", "agent:main:tui:direct:alice", "agent:main:webchat:direct:alice", false },
    };

    [Theory]
    [MemberData(nameof(LinkedScopes))]
    public async Task IdentityLink_OnePersonOnTwoChannels_MergedOnlyWhereTheScopeDropsTheChannel(string dmScope, string tuiKey, string webKey, bool shared)
    {
        await using var gateway = await TestGateway.StartAsync(
            $"session: {{ dmScope: '{dmScope}', identityLinks: {{ alice: ['tui:alice-term', 'webchat:alice-web'] }} }}");
        await using var terminal = await gateway.ConnectAsync();
        await using var browser = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        var first = await SayAsync(terminal, "t1", "tui", "alice-term", "from the terminal CANARY-TERM");
        var second = await SayAsync(browser, "w1", "webchat", "alice-web", "from the browser CANARY-WEB");
        var bobKey = await SayAsync(bob, "b1", "webchat", "bob", "bob here CANARY-BOB");

        Assert.Equal((tuiKey, webKey), (first, second));
        Assert.DoesNotContain(bobKey, new[] { tuiKey, webKey });
        var prompts = gateway.Model.Requests;
        Assert.Equal(shared, prompts[1].PromptText.Contains("CANARY-TERM", StringComparison.Ordinal));
        Assert.DoesNotContain("CANARY-TERM", prompts[2].PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-WEB", prompts[2].PromptText, StringComparison.Ordinal);
    }

    /// <summary>Sends one message as a peer, waits for its final reply (which must be the echo of it), and returns the accepted key.</summary>
    private static async Task<string?> SayAsync(GatewayClient client, string id, string channel, string peer, string text)
    {
        await client.SendAsync(new SendFrame(id, channel, new Peer(ChatType.Direct, peer), peer, text, null), CancellationToken.None);
        var frames = await client.UntilFinalAsync(id);
        Assert.Equal("echo: " + text, frames[^1].Text);
        return frames.Single(f => f.Type == ServerFrame.Types.Accepted).SessionKey;
    }
}
