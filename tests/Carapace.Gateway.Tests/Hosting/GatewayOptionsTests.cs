using Carapace.Core.Config;
using Carapace.Gateway.Hosting;

namespace Carapace.Gateway.Tests.Hosting;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void Bind_EmptySection_Defaults()
    {
        var options = GatewayOptions.Bind(ConfigDocument.Empty("c.json").Root["gateway"]);

        Assert.Equal((18789, "127.0.0.1", true, null, 32768), (options.Port, options.Address, options.IsLoopback, options.AuthToken, options.MaxTextChars));
        Assert.Equal(["tui", "webchat"], options.ClientChannels);
    }

    public static TheoryData<string, ConfigSeverity?, string, int> Rows => new()
    {
        { "{ gateway: { port: 8080 } }", null, "", 0 },
        { "{ gateway: { bind: 'localhost' } }", null, "", 0 },
        { "{ gateway: { bind: '::1' } }", null, "", 0 },
        { "{\n gateway: {\n  port: 70000 } }", ConfigSeverity.Error, "gateway.port: 70000 is out of range; valid: 1 to 65535", 3 },
        { "{\n gateway: {\n  port: 'http' } }", ConfigSeverity.Error, "gateway.port: expected a number", 3 },
        { "{\n gateway: {\n  port: 0 } }", ConfigSeverity.Error, "gateway.port: 0 is out of range", 3 },
        { "{\n gateway: {\n  bind: 'my-laptop' } }", ConfigSeverity.Error, "gateway.bind: 'my-laptop' is not an IP address", 3 },
        { "{\n gateway: {\n  bind: '0.0.0.0' } }", ConfigSeverity.Warning, "gateway.bind: the gateway listens on 0.0.0.0, which other machines can reach", 3 },
        { "{\n gateway: {\n  auth: {\n token: 'short' } } }", ConfigSeverity.Error, "gateway.auth.token: the token is shorter than 16 characters", 4 },
        { "{\n gateway: {\n  maxTextChars: -1 } }", ConfigSeverity.Error, "gateway.maxTextChars: -1 is out of range", 3 },
        { "{\n gateway: {\n  clientChannels: 'tui' } }", ConfigSeverity.Error, "gateway.clientChannels: expected a list", 3 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Bind_Values_DiagnosticNamesKeyAndLine(string json, ConfigSeverity? severity, string message, int line)
    {
        var document = ConfigDocument.Parse(json, "carapace.json");

        GatewayOptions.Bind(document.Root["gateway"]);

        if (severity is null)
        {
            Assert.Empty(document.Diagnostics);
            return;
        }

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(line, diagnostic.Line);
        Assert.Contains(message, diagnostic.ToString());
        Assert.StartsWith($"carapace.json:{line}: ", diagnostic.ToString());
    }

    [Fact]
    public void Bind_AllKeys_ReadsThem()
    {
        var document = ConfigDocument.Parse("{ gateway: { port: 9000, bind: '0.0.0.0', auth: { token: 'a-long-enough-token-1234' }, clientChannels: ['TUI', ' tui ', 'ops'], maxTextChars: 500 } }", "c");

        var options = GatewayOptions.Bind(document.Root["gateway"]);

        Assert.Equal((9000, "0.0.0.0", false, "a-long-enough-token-1234", 500), (options.Port, options.Address, options.IsLoopback, options.AuthToken, options.MaxTextChars));
        Assert.Equal(["tui", "ops"], options.ClientChannels);
    }

    [Fact]
    public void Bind_InvalidBind_FallsBackToLoopback()
    {
        var options = GatewayOptions.Bind(ConfigDocument.Parse("{ gateway: { bind: 'nope' } }", "c").Root["gateway"]);

        Assert.True(options.IsLoopback);
    }
}
