using Carapace.Cli.Chat;
using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Cli.Tests;

public sealed class ChatCommandTests
{
    [Fact]
    public async Task ChatLoop_Conversation_StreamsRepliesSendsSlashCommandsAndShowsStatus()
    {
        await using var gateway = await TestGateway.StartAsync();
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
        Assert.Contains("model:   not configured", text);
        Assert.Contains("session: agent:main:tui:direct:tester", text);
        Assert.Contains("> echo: /new\n", text);
        Assert.Equal(["hello", "/new"], gateway.Echo.Durable.Select(m => m.Text));
        Assert.All(gateway.Echo.Durable, m => Assert.Equal(("tui", "tester", "tester"), (m.Channel, m.Peer.Id, m.SenderId)));
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
        await using var gateway = await TestGateway.StartAsync("{ gateway: { maxTextChars: 5 } }");
        await using var client = await gateway.ConnectAsync();
        using var http = new HttpClient { BaseAddress = gateway.Host.BaseUrl };
        var output = new StringWriter();

        var exit = await new ChatLoop(client, http, "tester", new StringReader("far too long\nshort\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("! text: 12 characters is over the limit of 5", output.ToString());
        Assert.Contains("echo: short", output.ToString());
    }

    [Fact]
    public async Task Chat_RunningGateway_ConnectsWithTokenFromStateDir()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("gateway.token"), gateway.Host.Token + "\n");
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {gateway.Host.BaseUrl.Port} }} }}");

        var (exit, output, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader("hi there\n"), null), ["chat", "--peer", "Ann"]);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains($"Connected to ws://127.0.0.1:{gateway.Host.BaseUrl.Port}/ws", output);
        Assert.Contains("echo: hi there", output);
        Assert.Equal("Ann", Assert.Single(gateway.Echo.Durable).Peer.Id);
    }

    [Fact]
    public async Task Chat_NoGatewayRunning_SaysHowToStartOne()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("gateway.token"), "some-token-that-is-long-enough");
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {FreePort.Next()} }} }}");

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), null), ["chat"]);

        Assert.Equal(1, exit);
        Assert.Contains("no gateway answered", error);
        Assert.Contains("carapace gateway", error);
        Assert.Contains("carapace chat --local", error);
    }

    [Fact]
    public async Task Chat_NoTokenFile_SaysToStartTheGatewayFirst()
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), null), ["chat"]);

        Assert.Equal(1, exit);
        Assert.Contains($"No gateway token at {dir.File("gateway.token")}", error);
    }

    [Fact]
    public async Task Chat_WrongToken_SaysTheTokenWasRefused()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), null), ["chat", "--url", gateway.Host.WebSocketUrl.ToString(), "--token", "not-the-right-token-at-all"]);

        Assert.True(error.Contains("refused the token (401)"), error);
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Chat_Local_StartsGatewayInProcessAndChats()
    {
        using var dir = new TempDirectory();

        var (exit, output, _) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader("local hello\n/quit\n"), TestGateway.AddEchoPipeline), ["chat", "--local", "--peer", "me"]);

        Assert.Equal(0, exit);
        Assert.Contains("echo: local hello", output);
        Assert.True(File.Exists(dir.File("gateway.token")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/ws")]
    [InlineData("not a url")]
    public async Task Chat_BadUrl_ParseErrorNamesTheOption(string url)
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRun.RunAsync(ChatCommand.Create(() => Paths(dir), new StringReader(""), null), ["chat", "--url", url]);

        Assert.NotEqual(0, exit);
        Assert.Contains("is not a WebSocket URL", error);
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
