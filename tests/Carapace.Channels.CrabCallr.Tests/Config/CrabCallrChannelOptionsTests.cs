using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Config;

namespace Carapace.Channels.CrabCallr.Tests.Config;

public sealed class CrabCallrChannelOptionsTests
{
    private const string Key = "cc_0123456789abcdef0123456789abcdef";

    [Fact]
    public void Bind_MinimalAccount_AppliesTheOriginalDefaults()
    {
        var (options, doc) = Bind($"{{ channels: {{ crabcallr: {{ accounts: {{ default: {{ apiKey: '{Key}' }} }} }} }} }}");

        Assert.Empty(doc.Diagnostics);
        var account = Assert.Single(options.Accounts);
        Assert.Equal(new CrabCallrOptions { ApiKey = Key }, account with { Fillers = new(), Idle = new() });
        Assert.Equal(new Uri("wss://ws.crabcallr.com/plugin"), account.ServiceUrl);
        Assert.Equal((true, 5000.0, 10, 60.0), (account.AutoConnect, account.ReconnectInterval.TotalMilliseconds, account.MaxReconnectAttempts, account.RequestTimeout.TotalSeconds));
        Assert.Equal((true, 3, 6, 3), (account.Fillers.Enabled, account.Fillers.InitialDelaySec, account.Fillers.IntervalSec, account.Fillers.MaxPerRequest));
        Assert.Equal(["Working on that...", "Still thinking...", "Bear with me..."], account.Fillers.Phrases);
        Assert.Equal((true, 60, "Are you still there?", 2, "It seems like you've stepped away. Goodbye!"),
            (account.Idle.Enabled, account.Idle.TimeoutSec, account.Idle.Prompt, account.Idle.MaxPrompts, account.Idle.EndMessage));
    }

    [Fact]
    public void Bind_BaseKeysAndAccountOverrides_AccountWinsPerKey()
    {
        var (options, doc) = Bind($$"""
            { channels: { crabcallr: {
                apiKey: '{{Key}}', requestTimeoutSec: 30, fillers: { intervalSec: 4, phrases: ['Hmm...'] },
                accounts: {
                  home: { name: 'Home' },
                  work: { apiKey: 'cc_ffffffffffffffffffffffffffffffff', requestTimeoutSec: 90, fillers: { enabled: false } },
                  off: { enabled: false },
                } } } }
            """);

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(["home", "work"], options.Accounts.Select(a => a.AccountId));
        var (home, work) = (options.Accounts[0], options.Accounts[1]);
        Assert.Equal((Key, "Home", 30.0, 4, true), (home.ApiKey, home.Name, home.RequestTimeout.TotalSeconds, home.Fillers.IntervalSec, home.Fillers.Enabled));
        Assert.Equal(("cc_ffffffffffffffffffffffffffffffff", 90.0, 4, false), (work.ApiKey, work.RequestTimeout.TotalSeconds, work.Fillers.IntervalSec, work.Fillers.Enabled));
        Assert.Equal(["Hmm..."], work.Fillers.Phrases);
    }

    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "apiKey: 'sk_live_123'", "channels.crabcallr.accounts.default.apiKey", "must start with \"cc_\"" },
        { "apiKey: 42", "channels.crabcallr.accounts.default.apiKey", "expected a string" },
        { "serviceUrl: 'https://ws.example.com/plugin'", "channels.crabcallr.accounts.default.serviceUrl", "not a ws:// or wss:// URL" },
        { "serviceUrl: 'not a url'", "channels.crabcallr.accounts.default.serviceUrl", "not a ws:// or wss:// URL" },
        { "reconnectInterval: 999", "channels.crabcallr.accounts.default.reconnectInterval", "at least 1000" },
        { "maxReconnectAttempts: -1", "channels.crabcallr.accounts.default.maxReconnectAttempts", "at least 0" },
        { "requestTimeoutSec: 4", "channels.crabcallr.accounts.default.requestTimeoutSec", "at least 5" },
        { "autoConnect: 'yes'", "channels.crabcallr.accounts.default.autoConnect", "expected true or false" },
        { "fillers: { initialDelaySec: 0 }", "channels.crabcallr.accounts.default.fillers.initialDelaySec", "at least 1" },
        { "fillers: { maxPerRequest: 2.5 }", "channels.crabcallr.accounts.default.fillers.maxPerRequest", "whole number" },
        { "fillers: { phrases: [] }", "channels.crabcallr.accounts.default.fillers.phrases", "at least one" },
        { "fillers: { phrases: 'Hmm' }", "channels.crabcallr.accounts.default.fillers.phrases", "expected a list" },
        { "idle: { timeoutSec: 0 }", "channels.crabcallr.accounts.default.idle.timeoutSec", "at least 1" },
        { "idle: { prompt: '  ' }", "channels.crabcallr.accounts.default.idle.prompt", "must not be empty" },
        { "idle: { maxPrompts: -3 }", "channels.crabcallr.accounts.default.idle.maxPrompts", "at least 0" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Bind_InvalidValue_IsAnErrorNamingTheKey(string member, string path, string message)
    {
        var apiKey = member.StartsWith("apiKey", StringComparison.Ordinal) ? "" : $"apiKey: '{Key}', ";
        var (_, doc) = Bind($"{{ channels: {{ crabcallr: {{ accounts: {{ default: {{ {apiKey}{member} }} }} }} }} }}");

        var error = Assert.Single(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Bind_NoApiKeyAnywhere_IsAnErrorNamingTheAccountKey()
    {
        var (_, doc) = Bind("{ channels: { crabcallr: { accounts: { phone: { autoConnect: true } } } } }");

        var error = Assert.Single(doc.Diagnostics);
        Assert.Equal(("channels.crabcallr.accounts.phone.apiKey", ConfigSeverity.Error), (error.Path, error.Severity));
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://relay.example.com/plugin", true)]
    [InlineData("ws://10.0.0.5:8080/plugin", true)]
    [InlineData("ws://127.0.0.1:8080/plugin", false)]
    [InlineData("ws://localhost:8080/plugin", false)]
    [InlineData("ws://[::1]:8080/plugin", false)]
    [InlineData("wss://relay.example.com/plugin", false)]
    public void Bind_PlainWsToRemoteHost_WarnsButAccepts(string url, bool warns)
    {
        var (options, doc) = Bind($"{{ channels: {{ crabcallr: {{ apiKey: '{Key}', serviceUrl: '{url}' }} }} }}");

        Assert.Equal(new Uri(url), Assert.Single(options.Accounts).ServiceUrl);
        Assert.DoesNotContain(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error);
        Assert.Equal(warns, doc.Diagnostics.Any(d => d.Severity == ConfigSeverity.Warning && d.Path == "channels.crabcallr.serviceUrl"));
    }

    [Fact]
    public void Bind_SectionAbsent_HasNoAccountsAndNoDiagnostics()
    {
        var (options, doc) = Bind("{ session: { dmScope: 'per-channel-peer' } }");

        Assert.Empty(options.Accounts);
        Assert.Empty(doc.Diagnostics);
    }

    private static (CrabCallrChannelOptions Options, ConfigDocument Doc) Bind(string json5)
    {
        var doc = ConfigDocument.Parse(json5, "carapace.json5");
        Assert.False(doc.HasErrors, string.Join("\n", doc.Diagnostics));
        return (CrabCallrChannelOptions.Bind(doc.Root["channels"]["crabcallr"]), doc);
    }
}
