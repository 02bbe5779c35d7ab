using Carapace.Agent.Models;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Sqlite;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Hosting;

public sealed class GatewayHostTests
{
    [Fact]
    public async Task Start_ConfigWithErrors_RefusesToStart()
    {
        using var dir = new TempDirectory();
        var settings = await TestGateway.LoadSettingsAsync(dir, "{\n  gateway: { port: 'x' },\n}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayHost.StartAsync(settings, new GatewayStartOptions { Port = 0, Environment = _ => null }, CancellationToken.None));

        Assert.Contains("has errors", error.Message);
        Assert.Equal($"{settings.Paths.ConfigPath}:2: error: gateway.port: expected a number but found the string \"x\"", Assert.Single(settings.Document.Diagnostics).ToString());
        Assert.False(File.Exists(settings.Paths.TokenPath));
    }

    [Fact]
    public async Task Start_NoModelConfigured_StartsAndAnswersHowToConfigureOne()
    {
        using var dir = new TempDirectory();
        var settings = await TestGateway.LoadSettingsAsync(dir, null);
        await using (var host = await GatewayHost.StartAsync(settings, new GatewayStartOptions { Port = 0, Environment = _ => null }, CancellationToken.None))
        {
            await using var client = await GatewayClient.ConnectAsync(host.WebSocketUrl, host.Token, CancellationToken.None);
            await client.SendTextAsync("m1", "hello?");

            var frames = await client.UntilFinalAsync("m1");

            Assert.Equal("agent:main:main", frames.Single(f => f.Type == ServerFrame.Types.Accepted).SessionKey);
            Assert.Equal(ModelResolution.NoModelMessage, frames[^1].Text);
        }

        // The message and the answer are durable in the real session database after the host stopped.
        await using var database = await SqliteSessionDatabase.OpenAsync(dir.Path, CancellationToken.None);
        var entry = await new SqliteSessionStore(database).GetAsync("agent:main:main", CancellationToken.None);
        var lines = await new SqliteTranscriptStore(database).ReadAsync(entry!.SessionId, 0, CancellationToken.None);
        Assert.Equal(["user: hello?", $"assistant: {ModelResolution.NoModelMessage}"], lines.Select(l => $"{l.Role}: {l.Text}"));
    }

    [Fact]
    public async Task Start_Default_ListensOnLoopbackOnly()
    {
        await using var gateway = await TestGateway.StartAsync();

        Assert.Equal("127.0.0.1", gateway.Host.BaseUrl.Host);
        Assert.Equal("ws", gateway.Host.WebSocketUrl.Scheme);
        Assert.Equal("/ws", gateway.Host.WebSocketUrl.AbsolutePath);
        Assert.NotEqual(0, gateway.Host.BaseUrl.Port);
    }

    [Fact]
    public async Task LoadSettings_NoFile_DefaultsAndNoDiagnostics()
    {
        using var dir = new TempDirectory();

        var settings = await TestGateway.LoadSettingsAsync(dir, null);

        Assert.False(settings.ConfigFileFound);
        Assert.Empty(settings.Document.Diagnostics);
        Assert.Equal(18789, settings.Gateway.Port);
        Assert.Null(settings.Agents.ModelFor(settings.Agents.DefaultAgentId));
    }

    [Fact]
    public async Task LoadSettings_UnknownKeys_WarnedWithLine()
    {
        using var dir = new TempDirectory();

        var settings = await TestGateway.LoadSettingsAsync(dir, "{\n  gateway: {\n    prot: 1,\n  },\n  mystery: true,\n}");

        Assert.True(settings.ConfigFileFound);
        Assert.False(settings.HasErrors);
        Assert.Equal(
            [$"{settings.Paths.ConfigPath}:3: warning: gateway.prot: unknown key, ignored", $"{settings.Paths.ConfigPath}:5: warning: mystery: unknown key, ignored"],
            settings.Document.Diagnostics.Select(d => d.ToString()));
    }
}
