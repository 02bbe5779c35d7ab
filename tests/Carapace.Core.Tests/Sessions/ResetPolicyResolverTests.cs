using Carapace.Core.Config;
using Carapace.Core.Sessions;

namespace Carapace.Core.Tests.Sessions;

public sealed class ResetPolicyResolverTests
{
    private static SessionPolicyOptions Bind(string json5)
    {
        var doc = ConfigDocument.Parse(json5, "test.json5");
        var options = SessionPolicyOptions.Bind(doc.Root["session"]);
        Assert.False(doc.HasErrors, string.Join("\n", doc.Diagnostics));
        return options;
    }

    public static TheoryData<string, string, ResetType, ResetPolicy> Rows => new()
    {
        // config, channel, type, expected
        { "{}", "telegram", ResetType.Direct, new(ResetMode.None, 4, 0) },
        { "{ session: { reset: { atHour: 3 } } }", "telegram", ResetType.Direct, new(ResetMode.Daily, 3, 0) },
        { "{ session: { reset: { mode: 'idle', idleMinutes: 30 } } }", "telegram", ResetType.Group, new(ResetMode.Idle, 4, 30) },
        { "{ session: { reset: { mode: 'none' } } }", "telegram", ResetType.Direct, new(ResetMode.None, 4, 0) },
        // a type override is laid field by field over the base
        { "{ session: { reset: { mode: 'daily', atHour: 5, idleMinutes: 10 }, resetByType: { group: { idleMinutes: 99 } } } }", "discord", ResetType.Group, new(ResetMode.Daily, 5, 99) },
        { "{ session: { reset: { mode: 'daily', atHour: 5 }, resetByType: { group: { idleMinutes: 99 } } } }", "discord", ResetType.Direct, new(ResetMode.Daily, 5, 0) },
        { "{ session: { reset: { mode: 'idle', idleMinutes: 7 }, resetByType: { thread: { atHour: 1 } } } }", "slack", ResetType.Thread, new(ResetMode.Idle, 1, 7) },
        // a type override without mode falls back to daily when the base mode is none (or there is no base)
        { "{ session: { reset: { mode: 'none' }, resetByType: { direct: { atHour: 6 } } } }", "tui", ResetType.Direct, new(ResetMode.Daily, 6, 0) },
        { "{ session: { resetByType: { direct: { idleMinutes: 15 } } } }", "tui", ResetType.Direct, new(ResetMode.Daily, 4, 15) },
        { "{ session: { resetByType: { direct: { mode: 'idle', idleMinutes: 15 } } } }", "tui", ResetType.Direct, new(ResetMode.Idle, 4, 15) },
        { "{ session: { reset: { mode: 'daily' }, resetByType: { direct: { mode: 'none' } } } }", "tui", ResetType.Direct, new(ResetMode.None, 4, 0) },
        // resetByChannel wins outright: neither base nor type fields leak into it
        { "{ session: { reset: { mode: 'daily', atHour: 5, idleMinutes: 3 }, resetByType: { direct: { mode: 'idle', idleMinutes: 1 } }, resetByChannel: { discord: { mode: 'idle', idleMinutes: 10080 } } } }", "discord", ResetType.Direct, new(ResetMode.Idle, 4, 10080) },
        { "{ session: { resetByChannel: { Discord: { atHour: 2 } } } }", " DISCORD ", ResetType.Group, new(ResetMode.Daily, 2, 0) },
        { "{ session: { resetByChannel: { discord: { mode: 'idle', idleMinutes: 5 } } } }", "telegram", ResetType.Direct, new(ResetMode.None, 4, 0) },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resolve_Config_AppliesOpenClawPrecedence(string json5, string channel, ResetType type, ResetPolicy expected) =>
        Assert.Equal(expected, ResetPolicyResolver.Resolve(Bind(json5), channel, type));

    public static TheoryData<string, string?, ResetType> Types => new()
    {
        { "agent:main:telegram:direct:123", null, ResetType.Direct },
        { "agent:main:main", null, ResetType.Direct },
        { "agent:main:direct:alice", "", ResetType.Direct },
        { "agent:main:direct:alice", "  ", ResetType.Direct },
        { "agent:main:direct:alice", "42", ResetType.Thread },
        { "agent:main:discord:group:9", null, ResetType.Group },
        { "agent:main:discord:channel:9", null, ResetType.Group },
        { "agent:main:slack:channel:c1:thread:171.2", null, ResetType.Thread },
        { "agent:main:telegram:group:-100123:topic:42", null, ResetType.Thread },
        { "agent:main:feishu:group:oc_1:topic:9", null, ResetType.Group },
        { "agent:main:telegram:direct:groupie", null, ResetType.Direct },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void ResolveType_KeyAndThread_Classifies(string key, string? threadId, ResetType expected) =>
        Assert.Equal(expected, ResetPolicyResolver.ResolveType(key, threadId));
}
