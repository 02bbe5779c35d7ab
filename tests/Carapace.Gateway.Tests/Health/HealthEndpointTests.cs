using System.Net.Http.Json;
using System.Text.Json;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_NoModel_ReportsOkNoModelAndClientChannels()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "hi", peer: "alice");
        await client.UntilFinalAsync("m1");

        var json = await http.GetStringAsync(new Uri(gateway.Host.BaseUrl, "/health"));
        var report = JsonSerializer.Deserialize<HealthReport>(json, WireJson.Options)!;

        Assert.Equal("ok", report.Status);
        Assert.False(report.ModelConfigured);
        Assert.Null(report.Model);
        Assert.False(string.IsNullOrEmpty(report.Version));
        Assert.True(report.UptimeSeconds >= 0);
        Assert.Equal(["tui", "webchat"], report.Channels.Select(c => c.Channel));
        Assert.Equal(1, report.Channels.Single(c => c.Channel == "tui").ActiveConversations);
        Assert.Contains("\"modelConfigured\":false", json);
        Assert.DoesNotContain(gateway.Host.Token, json);
    }

    [Fact]
    public async Task Health_ModelConfigured_SaysSo()
    {
        await using var gateway = await TestGateway.StartAsync(adjust: s => s with { Model = "ollama/llama3.2" });
        using var http = new HttpClient();

        var report = await http.GetFromJsonAsync<HealthReport>(new Uri(gateway.Host.BaseUrl, "/health"), WireJson.Options);

        Assert.True(report!.ModelConfigured);
        Assert.Equal("ollama/llama3.2", report.Model);
    }
}
