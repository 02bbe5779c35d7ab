using Carapace.Cli.Chat;
using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Cli.Tests;

public sealed class ChatCommandTests
{
    private static readonly GatewayStartOptions NoEnvironment = new() { Environment = _ => null };

    [Fact]
    public async Task ChatLoop_Conversation_StreamsRepliesSendsSlashCommandsAndShowsStatus()
    {
        await using var gateway = await TestGateway.StartAsync("session: { dmScope: 'per-channel-peer' }");
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        var input = new StringReader("hello\n\n/status\n/new\n/quit\nnever sent\n");
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", input, output).RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Chatting as tui peer 'tester'", text);
        Assert.Contains("> echo: hello\n", text);
        Assert.Contains("gateway: ok", text);
        Assert.Contains("model:   fake/test", text);
        Assert.Contains("session: agent:main:tui:direct:tester", text);
        Assert.Contains("> New conversation started (/new).\n", text);
        Assert.Equal(["hello"], gateway.Model.Requests.Select(TestGateway.LastUserText));
        var current = await gateway.TranscriptAsync("agent:main:tui:direct:tester");
        Assert.Equal(["/new"], current.Where(l => l.Role == "user").Select(l => l.Text));
    }

    [Fact]
    public async Task ChatLoop_GatewayStopped_SaysSoAndExitsWithOne()
    {
        var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        await gateway.DisposeAsync();
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", new StringReader("hello?\nstill there?\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("The gateway closed the connection. Start it again with: carapace gateway", output.ToString());
    }

    [Fact]
    public async Task ChatLoop_StatusBeforeAnyMessage_SaysNoSessionYet()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", new StringReader("/status\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("session: none yet", output.ToString());
    }

    [Fact]
    public async Task ChatLoop_TextOverLimit_PrintsGatewayErrorAndContinues()
    {
        await using var gateway = await TestGateway.StartAsync("gateway: { maxTextChars: 5 }");
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", new StringReader("far too long\nshort\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("! text: 12 characters is over the limit of 5", output.ToString());
        Assert.Contains("echo: short", output.ToString());
    }

    [Fact]
    public async Task ChatLoop_SendPolicyDeniesTheTerminal_SaysNoReplyAndContinues()
    {
        await using var gateway = await TestGateway.StartAsync("session: { sendPolicy: { rules: [{ action: 'deny', match: { channel: 'tui' } }] } }");
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", new StringReader("hello?\nanyone?\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(2, output.ToString().Split("! no reply: sending is denied by session.sendPolicy in agent:main:main").Length - 1);
        Assert.Empty(gateway.Model.Requests);
        Assert.Equal(["hello?", "anyone?"], (await gateway.TranscriptAsync("agent:main:main")).Select(l => l.Text));
    }

    [Fact]
    public async Task Chat_RunningGateway_ConnectsWithTokenFromStateDir()
    {
        await using var gateway = await TestGateway.StartAsync("session: { dmScope: 'per-channel-peer' }");
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("gateway.token"), gateway.Host.Token + "\n");
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {gateway.Host.BaseUrl.Port} }} }}");

        var (exit, output, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader("hi there\n"), NoEnvironment), ["chat", "--peer", "Ann"]);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains($"Connected to ws://127.0.0.1:{gateway.Host.BaseUrl.Port}/ws", output);
        Assert.Contains("echo: hi there", output);
        Assert.Equal(["agent:main:tui:direct:ann"], await gateway.SessionKeysAsync());
        Assert.Equal("hi there", TestGateway.LastUserText(Assert.Single(gateway.Model.Requests)));
    }

    [Fact]
    public async Task Chat_NoGatewayRunning_SaysHowToStartOne()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("gateway.token"), "some-token-that-is-long-enough");
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {FreePort.Next()} }} }}");

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), NoEnvironment), ["chat"]);

        Assert.Equal(1, exit);
        Assert.Contains("no gateway answered", error);
        Assert.Contains("carapace gateway", error);
        Assert.Contains("carapace chat --local", error);
    }

    [Fact]
    public async Task Chat_NoTokenFile_SaysToStartTheGatewayFirst()
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), NoEnvironment), ["chat"]);

        Assert.Equal(1, exit);
        Assert.Contains($"No gateway token at {dir.File("gateway.token")}", error);
    }

    [Fact]
    public async Task Chat_WrongToken_SaysTheTokenWasRefused()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), NoEnvironment), ["chat", "--url", gateway.Host.WebSocketUrl.ToString(), "--token", "not-the-right-token-at-all"]);

        Assert.True(error.Contains("refused the token (401)"), error);
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Chat_Local_StartsGatewayInProcessAndChats()
    {
        using var dir = new TempDirectory();
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Script(TestGateway.Echo);
        // Capture off: it would send its own request to the model after the turn, racing the assertion below.
        await File.WriteAllTextAsync(dir.File("carapace.json"), TestGateway.Config(model, "memory: { capture: { enabled: false } }"));

        var (exit, output, _) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader("local hello\n/quit\n"), NoEnvironment), ["chat", "--local", "--peer", "me"]);

        Assert.Equal(0, exit);
        Assert.Contains("echo: local hello", output);
        Assert.Equal("local hello", TestGateway.LastUserText(Assert.Single(model.Requests)));
        Assert.True(File.Exists(dir.File("gateway.token")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/ws")]
    [InlineData("not a url")]
    public async Task Chat_BadUrl_ParseErrorNamesTheOption(string url)
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), NoEnvironment), ["chat", "--url", url]);

        Assert.NotEqual(0, exit);
        Assert.Contains("is not a WebSocket URL", error);
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
