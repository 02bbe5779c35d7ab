using System.Net.Http.Json;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Gateway.Tests.Voice;

/// <summary>CrabCallr accounts in the gateway's composition: each runs, answers its own calls and shows in <c>/health</c>.</summary>
public sealed class VoiceChannelStatusTests
{
    [Fact]
    public async Task Health_DuringACall_ShowsTheAccountConnectedWithOneActiveCall()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.WithText("Hello there."));
        await voice.StartCallAsync("call-h");
        await voice.SayAsync("call-h", "usr_001", "Hi.");
        Assert.Equal("Hello there.", (await voice.NextUtteranceAsync()).Text);

        var report = await HealthAsync(voice);

        var status = Assert.Single(report.Channels, c => c.Channel == "crabcallr");
        Assert.Equal(("default", true, 0, 1, (string?)null), (status.AccountId, status.Connected, status.ReconnectAttempts, status.ActiveConversations, status.LastError));
    }

    [Fact]
    public async Task Accounts_TwoConfigured_EachCallIsAnsweredThroughItsOwnAccount()
    {
        await using var voice = await VoiceGateway.StartAsync(crabCallr: $"accounts: {{ home: {{}}, work: {{ apiKey: '{VoiceGateway.SecondApiKey}' }} }},");
        await voice.WaitUntilConnectedAsync(VoiceGateway.SecondUserId);
        voice.Model.Script(request => ModelReply.WithText($"Answer to {request.Messages[^1].Text}"));

        await voice.StartCallAsync("call-work", VoiceGateway.SecondUserId);
        await voice.SayAsync("call-work", "usr_001", "work question", VoiceGateway.SecondUserId);
        var work = await voice.NextUtteranceAsync();
        await voice.StartCallAsync("call-home");
        await voice.SayAsync("call-home", "usr_001", "home question");
        var home = await voice.NextUtteranceAsync();

        Assert.Equal(("call-work", "Answer to work question"), (work.CallId, work.Text));
        Assert.Equal(("call-home", "Answer to home question"), (home.CallId, home.Text));
        var report = await HealthAsync(voice);
        Assert.Equal(
            ["home connected 1", "work connected 1"],
            report.Channels.Where(c => c.Channel == "crabcallr").Select(c => $"{c.AccountId} {(c.Connected ? "connected" : "down")} {c.ActiveConversations}").Order());
    }

    [Fact]
    public async Task Gateway_NoCrabCallrSection_RegistersNoPhoneChannel()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };

        var report = await http.GetFromJsonAsync<HealthReport>("/health", WireJson.Options);

        Assert.DoesNotContain(report!.Channels, c => c.Channel == "crabcallr");
    }

    private static async Task<HealthReport> HealthAsync(VoiceGateway voice)
    {
        using var http = new HttpClient { BaseAddress = voice.Host.BaseUrl };
        return (await http.GetFromJsonAsync<HealthReport>("/health", WireJson.Options))!;
    }
}
