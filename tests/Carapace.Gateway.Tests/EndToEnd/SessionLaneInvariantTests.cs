using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>Invariant 5 through the real gateway: turns of one session run one at a time in arrival order; different sessions run in parallel.</summary>
public sealed class SessionLaneInvariantTests
{
    [Fact]
    public async Task TurnsOfOneSessionRunInArrivalOrder()
    {
        await using var gateway = await TestGateway.StartAsync("session: { dmScope: 'per-channel-peer' }");
        await using var client = await gateway.ConnectAsync();
        var texts = Enumerable.Range(0, 20).Select(i => $"message {i:D2}").ToArray();

        // A burst without waiting: every message is queued while earlier turns still run.
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            await client.SendTextAsync($"m{i}", text);
        }

        var finals = new List<ServerFrame>();
        while (finals.Count < texts.Length)
        {
            var frame = await client.NextAsync();
            Assert.NotEqual(ServerFrame.Types.Error, frame.Type);
            if (frame.Type == ServerFrame.Types.Final)
            {
                finals.Add(frame);
            }
        }

        Assert.Equal(texts.Select((_, i) => $"m{i}"), finals.Select(f => f.Id));
        Assert.Equal(texts.Select(t => "echo: " + t), finals.Select(f => f.Text));
        var prompts = gateway.Model.Requests;
        Assert.Equal(texts, prompts.Select(TestGateway.LastUserText));

        // Each turn saw exactly the messages (and answers) before it, never a later one.
        for (var i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(texts[..(i + 1)], prompts[i].Messages.Where(m => m.Role == "user").Select(m => m.Text));
            Assert.Equal(texts[..i].Select(t => "echo: " + t), prompts[i].Messages.Where(m => m.Role == "assistant").Select(m => m.Text));
        }
    }

    [Fact]
    public async Task DifferentSessionsRunInParallel()
    {
        await using var gateway = await TestGateway.StartAsync("session: { dmScope: 'per-channel-peer' }");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Model.Script(r => TestGateway.LastUserText(r) == "slow" ? ModelReply.WithText("finally") with { Gate = release.Task } : TestGateway.Echo(r));
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        await alice.SendTextAsync("a1", "slow", peer: "alice");
        await gateway.Model.WaitForRequestsAsync(1, new CancellationTokenSource(FrameExtensions.Timeout).Token);
        await alice.SendTextAsync("a2", "queued behind slow", peer: "alice");
        Assert.Equal(("accepted", "a1"), await NextTypeAndIdAsync(alice));
        Assert.Equal(("accepted", "a2"), await NextTypeAndIdAsync(alice));

        // Bob's session does not wait for alice's stuck turn; alice's second turn does.
        await bob.SendTextAsync("b1", "fast", peer: "bob");
        Assert.Equal("echo: fast", (await bob.UntilFinalAsync("b1"))[^1].Text);
        Assert.Equal(["slow", "fast"], gateway.Model.Requests.Select(TestGateway.LastUserText));

        release.SetResult();
        Assert.Equal("finally", (await alice.UntilFinalAsync("a1"))[^1].Text);
        Assert.Equal("echo: queued behind slow", (await alice.UntilFinalAsync("a2"))[^1].Text);
    }

    private static async Task<(string Type, string? Id)> NextTypeAndIdAsync(GatewayClient client)
    {
        var frame = await client.NextAsync();
        return (frame.Type, frame.Id);
    }
}
