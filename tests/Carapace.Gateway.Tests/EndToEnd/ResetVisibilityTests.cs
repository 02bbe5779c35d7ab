using Carapace.Gateway.Tests.Support;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>A reset is never silent: through the real gateway, the reply after a rotation says so, and the old transcript stays readable.</summary>
public sealed class ResetVisibilityTests
{
    private const string Key = "agent:main:tui:direct:alice";
    private const string PerChannelPeer = "session: { dmScope: 'per-channel-peer' }";

    [Theory]
    [InlineData("/new")]
    [InlineData("/reset")]
    public async Task BareTrigger_AfterAConversation_ReplySaysNewConversationAndNoModelCall(string trigger)
    {
        await using var gateway = await TestGateway.StartAsync(PerChannelPeer);
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "remember CANARY-OLD");
        await client.UntilFinalAsync("m1");
        var before = await gateway.TranscriptAsync(Key);

        await client.SendTextAsync("m2", trigger);
        var reply = (await client.UntilFinalAsync("m2"))[^1];

        Assert.Equal($"New conversation started ({trigger}).", reply.Text);
        Assert.Single(gateway.Model.Requests);
        var after = await gateway.TranscriptAsync(Key);
        Assert.NotEqual(before[0].SessionId, after[0].SessionId);
        await AssertOldTranscriptKeptAsync(gateway, before[0].SessionId, "remember CANARY-OLD");
    }

    [Fact]
    public async Task TriggerWithText_TextGoesToTheModelInAFreshConversation()
    {
        await using var gateway = await TestGateway.StartAsync(PerChannelPeer);
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "remember CANARY-OLD");
        await client.UntilFinalAsync("m1");

        await client.SendTextAsync("m2", "/new what is the capital of France?");
        var frames = await client.UntilFinalAsync("m2");

        Assert.StartsWith("New conversation started (/new).", frames[^1].Text);
        Assert.EndsWith("echo: what is the capital of France?", frames[^1].Text);
        Assert.Equal(frames[^1].Text, string.Concat(frames.Where(f => f.Type == "delta").Select(f => f.Text)));
        var prompt = gateway.Model.Requests[^1];
        Assert.Equal("what is the capital of France?", TestGateway.LastUserText(prompt));
        Assert.DoesNotContain("CANARY-OLD", prompt.PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("/new", prompt.PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdleReset_NextMessageAfterTheIdleTime_RotatesAndSaysSo()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        await using var gateway = await TestGateway.StartAsync(
            "session: { dmScope: 'per-channel-peer', reset: { mode: 'idle', idleMinutes: 1 } }",
            services: s => s.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "remember CANARY-OLD");
        await client.UntilFinalAsync("m1");
        var first = (await gateway.TranscriptAsync(Key))[0].SessionId;

        time.Advance(TimeSpan.FromSeconds(59));
        await client.SendTextAsync("m2", "still here");
        Assert.Equal("echo: still here", (await client.UntilFinalAsync("m2"))[^1].Text);
        time.Advance(TimeSpan.FromSeconds(61));
        await client.SendTextAsync("m3", "back again");
        var reply = (await client.UntilFinalAsync("m3"))[^1];

        Assert.Equal("New conversation started (idle reset).\n\necho: back again", reply.Text);
        Assert.DoesNotContain("CANARY-OLD", gateway.Model.Requests[^1].PromptText, StringComparison.Ordinal);
        Assert.Contains("CANARY-OLD", gateway.Model.Requests[1].PromptText, StringComparison.Ordinal);
        Assert.NotEqual(first, (await gateway.TranscriptAsync(Key))[0].SessionId);
        await AssertOldTranscriptKeptAsync(gateway, first, "remember CANARY-OLD", "still here");
    }

    private static async Task AssertOldTranscriptKeptAsync(TestGateway gateway, string oldSessionId, params string[] userLines)
    {
        var history = await gateway.Host.Services.GetRequiredService<ISessionHistory>().ListAsync(Key, CancellationToken.None);
        Assert.Equal(oldSessionId, Assert.Single(history).SessionId);
        var old = await gateway.Host.Services.GetRequiredService<ITranscriptStore>().ReadAsync(oldSessionId, 0, CancellationToken.None);
        Assert.Equal(userLines, old.Where(l => l.Role == "user").Select(l => l.Text));
        Assert.Equal(TranscriptKind.Reset, old[^1].Kind);
    }
}
