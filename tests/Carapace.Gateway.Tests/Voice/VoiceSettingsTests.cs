using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Voice;

/// <summary><c>channels.crabcallr</c> and <c>voice.relay</c> are bound with everything else, so every command reports the same diagnostics.</summary>
public sealed class VoiceSettingsTests
{
    [Fact]
    public async Task Bind_ValidPhoneConfig_NoDiagnosticsAndBothSectionsBound()
    {
        using var dir = new TempDirectory();
        var settings = await TestGateway.LoadSettingsAsync(dir, """
            {
              channels: { crabcallr: { apiKey: 'cc_0123456789abcdef0123456789abcdef', serviceUrl: 'ws://127.0.0.1:8080/plugin', identity: 'owner', fillers: { intervalSec: 4 } } },
              voice: { relay: { port: 9090, agentSecret: 'a-secret-of-16-chars', apiKeys: { me: 'cc_0123456789abcdef0123456789abcdef' } } },
            }
            """);

        Assert.Empty(settings.Document.Diagnostics);
        var account = Assert.Single(settings.CrabCallr.Accounts);
        Assert.Equal(("default", "ws://127.0.0.1:8080/plugin", 4), (account.AccountId, account.ServiceUrl.ToString(), account.Fillers.IntervalSec));
        Assert.Equal((9090, "me"), (settings.VoiceRelay!.Port, settings.VoiceRelay.ApiKeys.Keys.Single()));
    }

    [Theory]
    [InlineData("channels: { crabcallr: { apiKey: 'sk_wrong' } }", 1, "error: channels.crabcallr.apiKey: must start with \"cc_\"")]
    [InlineData("channels: { crabcallr: { apiKey: 'cc_1', serviceUrl: 'http://x' } }", 1, "error: channels.crabcallr.serviceUrl: 'http://x' is not a ws:// or wss:// URL")]
    [InlineData("channels: { crabcallr: { apiKey: 'cc_1', requestTimeoutSec: 2 } }", 1, "error: channels.crabcallr.requestTimeoutSec")]
    [InlineData("channels: { crabcallr: { apiKey: 'cc_1', serviceUrl: 'ws://example.com/plugin' } }", 1, "warning: channels.crabcallr.serviceUrl: plain ws:// to example.com")]
    [InlineData("channels: { crabcallr: { apiKey: 'cc_1', mystery: 1 } }", 1, "warning: channels.crabcallr.mystery: unknown key, ignored")]
    [InlineData("voice: { relay: { port: 1 } }", 1, "error: voice.relay.agentSecret: required")]
    [InlineData("voice: { relay: { agentSecret: 'a-secret-of-16-chars', apiKeys: { me: 'nope' } } }", 1, "error: voice.relay.apiKeys.me: must be an API key")]
    public async Task Bind_BadPhoneConfig_NamesTheKeyAndLine(string body, int line, string expected)
    {
        using var dir = new TempDirectory();

        var settings = await TestGateway.LoadSettingsAsync(dir, "{ " + body + " }");

        var diagnostic = Assert.Single(settings.Document.Diagnostics).ToString();
        Assert.StartsWith($"{settings.Paths.ConfigPath}:{line}: ", diagnostic, StringComparison.Ordinal);
        Assert.Contains(expected, diagnostic, StringComparison.Ordinal);
    }
}
