using System.Net.Http.Json;
using Carapace.Agent.Models;
using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Cli.Tests;

public sealed class GatewayCommandTests
{
    [Fact]
    public async Task Gateway_NoConfig_PrintsUrlTokenStateDirNoModelAndStopsOnCancel()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var run = CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), new GatewayStartOptions { Environment = _ => null }), ["gateway", "--port", port.ToString()], output, stop.Token);
        await output.WaitForLineAsync(l => l.StartsWith("Chat with:", StringComparison.Ordinal));

        var text = output.ToString();
        var token = (await File.ReadAllTextAsync(Path.Combine(dir.Path, "gateway.token"))).Trim();
        Assert.Contains($"Carapace gateway listening on http://127.0.0.1:{port}/", text);
        Assert.Contains($"client API: ws://127.0.0.1:{port}/ws", text);
        Assert.Contains($"web chat:   http://127.0.0.1:{port}/chat#token={token}", text);
        Assert.Contains($"token:      {token}  (stored in {Path.Combine(dir.Path, "gateway.token")})", text);
        Assert.Contains($"state dir:  {dir.Path}", text);
        Assert.Contains($"config:     no config file, using defaults (looked for {dir.File("carapace.json")})", text);
        Assert.Contains(GatewayCommand.NoModelLine, text);
        Assert.DoesNotContain("WARNING", text);

        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<HealthReport>($"http://127.0.0.1:{port}/health", WireJson.Options);
        Assert.Equal("ok", health!.Status);
        await using (var client = await GatewayClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), token, CancellationToken.None))
        {
            await client.SendTextAsync("m1", "ping");
            Assert.Equal(ModelResolution.NoModelMessage, (await client.UntilFinalAsync("m1"))[^1].Text);
        }

        await stop.CancelAsync();
        var (exit, finalOutput, _) = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, exit);
        Assert.EndsWith("Gateway stopped.", finalOutput.Trim());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{port}/health"));
    }

    [Fact]
    public async Task Gateway_NonLoopbackBind_LoudWarning()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{ gateway: { bind: '0.0.0.0' } }");
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var run = CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), new GatewayStartOptions { Environment = _ => null }), ["gateway", "--port", FreePort.Next().ToString()], output, stop.Token);
        var warning = await output.WaitForLineAsync(l => l.StartsWith("WARNING", StringComparison.Ordinal));
        await stop.CancelAsync();
        var (exit, _, error) = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("reachable from other machines", warning);
        Assert.Contains("warning: gateway.bind", error);
        Assert.Contains($"config:     {dir.File("carapace.json")}", output.ToString());
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Gateway_ConfigErrors_RefusesWithLineNamingMessage()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{\n  gateway: {\n    port: 'x',\n  },\n}");

        var (exit, output, error) = await CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), new GatewayStartOptions { Environment = _ => null }), ["gateway"]);

        Assert.Equal(2, exit);
        Assert.Contains($"{dir.File("carapace.json")}:3: error: gateway.port: expected a number", error);
        Assert.Contains("the gateway did not start", error);
        Assert.DoesNotContain("listening", output);
        Assert.False(File.Exists(Path.Combine(dir.Path, "gateway.token")));
    }

    [Fact]
    public async Task Gateway_PortInUse_SaysSoAndExitsNonZero()
    {
        await using var running = await TestGateway.StartAsync();
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), new GatewayStartOptions { Environment = _ => null }), ["gateway", "--port", running.Host.BaseUrl.Port.ToString()]);

        Assert.Equal(1, exit);
        Assert.Contains("the gateway did not start", error);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public async Task Gateway_PortOutOfRange_RefusedBeforeStarting(string port)
    {
        using var dir = new TempDirectory();

        var (exit, output, error) = await CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), new GatewayStartOptions { Environment = _ => null }), ["gateway", "--port", port]);

        Assert.Equal(2, exit);
        Assert.Contains($"--port {port} is out of range", error);
        Assert.Equal("", output);
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
