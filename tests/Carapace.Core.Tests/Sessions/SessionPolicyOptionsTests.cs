using Carapace.Core.Config;
using Carapace.Core.Sessions;

namespace Carapace.Core.Tests.Sessions;

public sealed class SessionPolicyOptionsTests
{
    [Fact]
    public void Bind_EmptySection_UsesCarapaceDefaults()
    {
        var doc = ConfigDocument.Parse("{}", "c.json5");
        var options = SessionPolicyOptions.Bind(doc.Root["session"]);
        Assert.Empty(doc.Diagnostics);
        Assert.Null(options.Reset);
        Assert.Equal(["/new", "/reset"], options.ResetTriggers);
        Assert.Empty(options.ResetByType);
        Assert.Empty(options.ResetByChannel);
        Assert.Null(options.SendPolicy.Default);
    }

    [Fact]
    public void Bind_FullSection_ReadsEveryKeyAndLeavesOthersToTheRouter()
    {
        var doc = ConfigDocument.Parse(
            """
            {
              session: {
                dmScope: 'per-peer',
                reset: { mode: 'idle', atHour: 0, idleMinutes: 45 },
                resetByType: { direct: { mode: 'none' }, group: { atHour: 23 }, thread: { idleMinutes: 0 } },
                resetByChannel: { WhatsApp: { mode: 'daily' } },
                resetTriggers: ['/fresh', '!reset'],
                sendPolicy: { default: 'deny', rules: [{ action: 'allow', match: { channel: 'tui', keyPrefix: 'tui:' } }] },
              },
            }
            """,
            "c.json5");
        var options = SessionPolicyOptions.Bind(doc.Root["session"]);
        doc.ReportUnknownKeys();

        Assert.Equal(new ResetPolicyOverride(ResetMode.Idle, 0, 45), options.Reset);
        Assert.Equal(new ResetPolicyOverride(ResetMode.None), options.ResetByType[ResetType.Direct]);
        Assert.Equal(new ResetPolicyOverride(AtHour: 23), options.ResetByType[ResetType.Group]);
        Assert.Equal(new ResetPolicyOverride(IdleMinutes: 0), options.ResetByType[ResetType.Thread]);
        Assert.Equal(new ResetPolicyOverride(ResetMode.Daily), options.ResetByChannel["whatsapp"]);
        Assert.Equal(["/fresh", "!reset"], options.ResetTriggers);
        Assert.Equal(SendAction.Deny, options.SendPolicy.Default);
        Assert.Equal(new SendPolicyRule(SendAction.Allow, "tui", KeyPrefix: "tui:"), Assert.Single(options.SendPolicy.Rules!));
        var unknown = Assert.Single(doc.Diagnostics);
        Assert.Equal("session.dmScope", unknown.Path);
        Assert.Equal(ConfigSeverity.Warning, unknown.Severity);
    }

    public static TheoryData<string, string, string> Errors => new()
    {
        // session section, key path, words the message must contain
        { "{ reset: { mode: 'weekly' } }", "session.reset.mode", "none, daily, idle" },
        { "{ reset: { atHour: 24 } }", "session.reset.atHour", "0 to 23" },
        { "{ reset: { atHour: -1 } }", "session.reset.atHour", "0 to 23" },
        { "{ reset: { atHour: 4.5 } }", "session.reset.atHour", "whole number" },
        { "{ reset: { idleMinutes: -5 } }", "session.reset.idleMinutes", "at least 0" },
        { "{ reset: 'daily' }", "session.reset", "expected an object" },
        { "{ resetByType: { dm: { mode: 'idle' } } }", "session.resetByType.dm", "'direct'" },
        { "{ resetByChannel: { discord: { mode: 'sometimes' } } }", "session.resetByChannel.discord.mode", "valid values" },
        { "{ resetTriggers: '/new' }", "session.resetTriggers", "expected a list" },
        { "{ resetTriggers: ['/new now'] }", "session.resetTriggers[0]", "one word" },
        { "{ resetTriggers: [42] }", "session.resetTriggers[0]", "expected a string" },
        { "{ sendPolicy: { default: 'maybe' } }", "session.sendPolicy.default", "allow, deny" },
        { "{ sendPolicy: { rules: [{ match: { channel: 'x' } }] } }", "session.sendPolicy.rules[0].action", "allow" },
        { "{ sendPolicy: { rules: [{ action: 'block' }] } }", "session.sendPolicy.rules[0].action", "allow, deny" },
        { "{ sendPolicy: { rules: [{ action: 'deny', match: { chatType: 'room' } }] } }", "session.sendPolicy.rules[0].match.chatType", "direct" },
        { "{ sendPolicy: { rules: [{ action: 'deny', match: { keyPrefix: '  ' } }] } }", "session.sendPolicy.rules[0].match.keyPrefix", "blank" },
        { "{ sendPolicy: { rules: [{ action: 'deny', match: 'discord' }] } }", "session.sendPolicy.rules[0].match", "expected an object" },
        { "{ sendPolicy: { rules: ['deny'] } }", "session.sendPolicy.rules[0]", "expected an object" },
        { "{ sendPolicy: 'deny' }", "session.sendPolicy", "expected an object" },
        { "{ resetByType: 'daily' }", "session.resetByType", "expected an object" },
        { "{ resetByChannel: ['discord'] }", "session.resetByChannel", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Bind_BadValue_ErrorNamesKeyPathAndValidValues(string section, string path, string words)
    {
        var doc = ConfigDocument.Parse($"{{\n session: {section}\n}}", "c.json5");
        SessionPolicyOptions.Bind(doc.Root["session"]);
        var error = Assert.Single(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error);
        Assert.Equal(path, error.Path);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }
}
