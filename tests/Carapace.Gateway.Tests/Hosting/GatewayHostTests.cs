using Carapace.Gateway.Hosting;
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
            GatewayHost.StartAsync(settings, new GatewayStartOptions { Port = 0, ConfigureServices = TestGateway.AddEchoPipeline }, CancellationToken.None));

        Assert.Contains("has errors", error.Message);
        Assert.Equal($"{settings.Paths.ConfigPath}:2: error: gateway.port: expected a number but found the string \"x\"", Assert.Single(settings.Document.Diagnostics).ToString());
        Assert.False(File.Exists(settings.Paths.TokenPath));
    }

    [Fact]
    public async Task Start_NoPipelineRegistered_NamesWhatIsMissing()
    {
        using var dir = new TempDirectory();
        var settings = await TestGateway.LoadSettingsAsync(dir, null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayHost.StartAsync(settings, new GatewayStartOptions { Port = 0 }, CancellationToken.None));

        Assert.Contains("no agent pipeline (ITurnDispatcher)", error.Message);
        Assert.Contains("no session store (ISessionStore)", error.Message);
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
        Assert.Null(settings.Model);
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
