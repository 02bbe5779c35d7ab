using System.Text.RegularExpressions;
using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Cli.Tests.Commands;

public sealed class ChannelsCommandTests
{
    [Fact]
    public async Task Status_GatewayWithACallInProgress_PrintsTheAccountRow()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.WithText("Hi."));
        await voice.StartCallAsync("call-s");
        await voice.SayAsync("call-s", "usr_001", "Hello?");
        Assert.Equal("Hi.", (await voice.NextUtteranceAsync()).Text);
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {voice.Host.BaseUrl.Port} }} }}");

        var (exit, output, error) = await CliRun.RunAsync(ChannelsCommand.Create(() => Paths(dir)), ["channels", "status"]);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^CHANNEL\s+ACCOUNT\s+STATE\s+RECONNECTS\s+ACTIVE\s+LAST ERROR$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^crabcallr\s+default\s+connected\s+0\s+1\s+-$"));
    }

    [Fact]
    public async Task Status_NoGatewayRunning_SaysSoAndHowToStartIt()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {port} }} }}");

        var (exit, output, error) = await CliRun.RunAsync(ChannelsCommand.Create(() => Paths(dir)), ["channels", "status"]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"✗ the gateway is not running at http://127.0.0.1:{port}/health (", error, StringComparison.Ordinal);
        Assert.Contains("start it with `carapace gateway`", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ConfigWithErrors_ReportsThemInsteadOfProbing()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{\n  channels: { crabcallr: { apiKey: 'wrong' } },\n}");

        var (exit, _, error) = await CliRun.RunAsync(ChannelsCommand.Create(() => Paths(dir)), ["channels", "status"]);

        Assert.Equal(ConfigCommand.InvalidConfig, exit);
        Assert.Contains($"{dir.File("carapace.json")}:2: error: channels.crabcallr.apiKey: must start with \"cc_\"", error, StringComparison.Ordinal);
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
