using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Cli.Tests;

/// <summary>After the gateway rotated a session (idle reset), <c>carapace sessions show</c> still reaches the old conversation.</summary>
public sealed class SessionsCommandResetVisibilityTests
{
    private const string Key = "agent:main:tui:direct:alice";

    [Fact]
    public async Task Show_AfterIdleResetThroughTheGateway_ListsTheEarlierSessionAndPrintsItsTranscript()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        await using var gateway = await TestGateway.StartAsync(
            "session: { dmScope: 'per-channel-peer', reset: { mode: 'idle', idleMinutes: 1 } }",
            services: s => s.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "remember CANARY-OLD");
        await client.UntilFinalAsync("m1");
        var oldId = (await gateway.TranscriptAsync(Key))[0].SessionId;
        time.Advance(TimeSpan.FromMinutes(2));
        await client.SendTextAsync("m2", "back again");
        Assert.StartsWith("New conversation started (idle reset).", (await client.UntilFinalAsync("m2"))[^1].Text);

        var (exit, current, _) = await ShowAsync(Key);
        var (oldExit, old, _) = await ShowAsync(Key, "--session", oldId);
        var (strangerExit, stranger, _) = await ShowAsync(Key, "--session", "not-a-session-of-this-key");

        Assert.Equal((0, 0, 1), (exit, oldExit, strangerExit));
        Assert.Contains("Earlier sessions", current);
        Assert.Contains(oldId, current);
        Assert.Contains("idle", current);
        Assert.Contains("back again", current);
        Assert.DoesNotContain("CANARY-OLD", current);
        Assert.Contains($"Transcript of earlier session {oldId}", old);
        Assert.Contains("remember CANARY-OLD", old);
        Assert.Contains("echo: remember CANARY-OLD", old);
        Assert.Contains("Session 'not-a-session-of-this-key' is not a session of", stranger);

        Task<(int Exit, string Output, string Error)> ShowAsync(params string[] args) =>
            CliRun.RunAsync(SessionsCommand.Create(), ["sessions", "show", .. args, "--state-dir", gateway.StateDir]);
    }
}
