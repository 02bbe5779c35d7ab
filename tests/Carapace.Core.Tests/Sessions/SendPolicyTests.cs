using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Sessions;

namespace Carapace.Core.Tests.Sessions;

public sealed class SendPolicyTests
{
    private static SendPolicy Bind(string json5)
    {
        var doc = ConfigDocument.Parse(json5, "test.json5");
        var policy = SessionPolicyOptions.Bind(doc.Root["session"]).SendPolicy;
        Assert.False(doc.HasErrors, string.Join("\n", doc.Diagnostics));
        return policy;
    }

    public static TheoryData<string, string, SendAction> Rows => new()
    {
        // policy, key, expected
        { "{}", "agent:main:discord:group:1", SendAction.Allow },
        { "{ default: 'deny' }", "agent:main:discord:group:1", SendAction.Deny },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { chatType: 'direct' } }] }", "agent:main:telegram:direct:1", SendAction.Allow },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { chatType: 'direct' } }] }", "agent:main:telegram:group:1", SendAction.Deny },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { chatType: 'dm' } }] }", "agent:main:telegram:dm:1", SendAction.Allow },
        // first deny wins, even after an allow matched
        { "{ rules: [{ action: 'allow', match: { channel: 'discord' } }, { action: 'deny', match: { chatType: 'group' } }] }", "agent:main:discord:group:1", SendAction.Deny },
        { "{ rules: [{ action: 'allow', match: { channel: 'discord' } }, { action: 'deny', match: { chatType: 'group' } }] }", "agent:main:discord:channel:1", SendAction.Allow },
        // channel comes from the key, case-insensitively
        { "{ rules: [{ action: 'deny', match: { channel: 'Discord' } }] }", "agent:main:discord:channel:1", SendAction.Deny },
        { "{ rules: [{ action: 'deny', match: { channel: 'discord' } }] }", "agent:main:telegram:direct:1", SendAction.Allow },
        { "{ rules: [{ action: 'deny', match: { channel: 'direct' } }] }", "agent:main:direct:alice", SendAction.Allow },
        { "{ rules: [{ action: 'deny', match: { channel: 'telegram' } }] }", "agent:main:telegram:bot-2:direct:1", SendAction.Deny },
        // keyPrefix matches with or without agent:<id>:, rawKeyPrefix only the full key
        { "{ rules: [{ action: 'deny', match: { keyPrefix: 'discord:group:' } }] }", "agent:ops:discord:group:1", SendAction.Deny },
        { "{ rules: [{ action: 'deny', match: { keyPrefix: 'agent:ops:' } }] }", "agent:ops:discord:group:1", SendAction.Deny },
        { "{ rules: [{ action: 'deny', match: { rawKeyPrefix: 'discord:group:' } }] }", "agent:ops:discord:group:1", SendAction.Allow },
        { "{ rules: [{ action: 'deny', match: { rawKeyPrefix: 'agent:ops:discord' } }] }", "agent:ops:discord:group:1", SendAction.Deny },
        // every field of a match must hold
        { "{ rules: [{ action: 'deny', match: { channel: 'discord', chatType: 'direct' } }] }", "agent:main:discord:group:1", SendAction.Allow },
        // a rule with no match applies everywhere
        { "{ rules: [{ action: 'deny' }] }", "agent:main:main", SendAction.Deny },
        { "{ default: 'deny', rules: [{ action: 'allow', match: { channel: 'slack' } }] }", "agent:main:main", SendAction.Deny },
        // WhatsApp group ids count as groups
        { "{ rules: [{ action: 'deny', match: { chatType: 'group' } }] }", "agent:main:whatsapp:direct:12036@g.us", SendAction.Deny },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Evaluate_Rules_FirstDenyWinsElseAllowElseDefault(string policyJson5, string key, SendAction expected) =>
        Assert.Equal(expected, Bind($"{{ session: {{ sendPolicy: {policyJson5} }} }}").Evaluate(key));

    [Fact]
    public void Evaluate_ExplicitChannelAndChatType_OverrideTheKey()
    {
        var policy = new SendPolicy(Rules: [new SendPolicyRule(SendAction.Deny, Channel: "tui", ChatType: ChatType.Direct)]);
        Assert.Equal(SendAction.Deny, policy.Evaluate("agent:main:main", "tui", ChatType.Direct));
        Assert.Equal(SendAction.Allow, policy.Evaluate("agent:main:main"));
    }
}
