using Carapace.Core.Config;
using Carapace.Voice.Relay;

namespace Carapace.Channels.CrabCallr.Tests.Relay;

public sealed class RelayOptionsTests
{
    [Fact]
    public void Bind_ValidSection_MapsUsersToKeys()
    {
        var doc = ConfigDocument.Parse("{ voice: { relay: { port: 9000, agentSecret: 'a-long-shared-secret', apiKeys: { alice: 'cc_1', bob: 'cc_2' } } } }", "c.json5");

        var options = RelayOptions.Bind(doc.Root["voice"]["relay"]);

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(("127.0.0.1", 9000), (options.Host, options.Port));
        Assert.Equal(new Dictionary<string, string> { ["alice"] = "cc_1", ["bob"] = "cc_2" }, options.ApiKeys);
    }

    [Theory]
    [InlineData("agentSecret: 'short'", "voice.relay.agentSecret", "at least 16")]
    [InlineData("agentSecret: 'a-long-shared-secret', apiKeys: { alice: 'sk_1' }", "voice.relay.apiKeys.alice", "cc_")]
    [InlineData("agentSecret: 'a-long-shared-secret', apiKeys: { alice: 'cc_1', bob: 'cc_1' }", "voice.relay.apiKeys.bob", "already given")]
    [InlineData("agentSecret: 'a-long-shared-secret', port: 70000", "voice.relay.port", "0 to 65535")]
    [InlineData("agentSecret: 'a-long-shared-secret', host: 'example.com'", "voice.relay.host", "not an IP address")]
    public void Bind_InvalidValue_IsAnErrorNamingTheKey(string members, string path, string message)
    {
        var doc = ConfigDocument.Parse($"{{ voice: {{ relay: {{ {members} }} }} }}", "c.json5");

        RelayOptions.Bind(doc.Root["voice"]["relay"]);

        var error = Assert.Single(doc.Diagnostics);
        Assert.Equal((path, ConfigSeverity.Error), (error.Path, error.Severity));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
