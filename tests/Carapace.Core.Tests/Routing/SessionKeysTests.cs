using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Core.Tests.Routing;

public sealed class SessionKeysTests
{
    private static readonly string A64 = new('a', 64);

    public static TheoryData<string?, string> AgentIdRows => new()
    {
        { null, "main" },
        { "", "main" },
        { "   ", "main" },
        { "Main", "main" },
        { " ops ", "ops" },
        { "Ops Team", "ops-team" },
        { "my-research_agent01", "my-research_agent01" },
        { "../../../etc/passwd", "etc-passwd" },
        { "a/b\\c", "a-b-c" },
        { new string('a', 65), A64 },
        { A64, A64 },
        { "-x-", "x" },
        { "_agent", "_agent" },
        { "日本", "main" },
        { "Zoë", "zo" },
        { "İx", "i-x" },
        { "\uFEFFbot", "bot" },
        { "Agent not found: xyz", "agent-not-found-xyz" },
        { "a" + new string('!', 3) + new string('b', 70), "a-" + new string('b', 62) },
    };

    [Theory]
    [MemberData(nameof(AgentIdRows))]
    public void NormalizeAgentId_Input_GivesOpenClawId(string? input, string expected) =>
        Assert.Equal(expected, SessionKeys.NormalizeAgentId(input));

    public static TheoryData<string?, string> AccountIdRows => new()
    {
        { null, "default" },
        { "", "default" },
        { "  ", "default" },
        { "Bot Main", "bot-main" },
        { " BIZ ", "biz" },
        { "__proto__", "default" },
        { "__PROTO__", "default" },
        { "constructor", "default" },
        { "prototype", "default" },
        { "__defineGetter__", "default" },
        { "__proto__x", "__proto__x" },
        { "_prod", "_prod" },
        { "*", "default" },
        { "../../../etc/passwd", "etc-passwd" },
        { new string('b', 65), new string('b', 64) },
    };

    [Theory]
    [MemberData(nameof(AccountIdRows))]
    public void NormalizeAccountId_Input_GivesOpenClawAccount(string? input, string expected) =>
        Assert.Equal(expected, SessionKeys.NormalizeAccountId(input));

    [Theory]
    [InlineData(null, "unknown")]
    [InlineData("", "unknown")]
    [InlineData(" Telegram ", "telegram")]
    [InlineData("WhatsApp", "whatsapp")]
    public void NormalizeChannel_Input_TrimsAndLowercases(string? input, string expected) =>
        Assert.Equal(expected, SessionKeys.NormalizeChannel(input));

    [Theory]
    [InlineData(null, "agent:main:main")]
    [InlineData("Ops Team", "agent:ops-team:main")]
    [InlineData("__proto__", "agent:__proto__:main")]
    public void BuildMainSessionKey_AgentId_UsesNormalisedIdAndMainKey(string? agentId, string expected) =>
        Assert.Equal(expected, SessionKeys.BuildMainSessionKey(agentId));

    public static TheoryData<string, string, string?, ChatType, string?, string, string, string> PeerKeyRows => new()
    {
        { "main", "telegram", null, ChatType.Direct, "123", DmScopes.Main, GroupScopes.PerGroup, "agent:main:main" },
        { "main", "telegram", null, ChatType.Direct, "123", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:main:direct:123" },
        { "main", "telegram", null, ChatType.Direct, "123", DmScopes.PerChannelPeer, GroupScopes.PerGroup, "agent:main:telegram:direct:123" },
        { "main", "telegram", null, ChatType.Direct, "123", DmScopes.PerAccountChannelPeer, GroupScopes.PerGroup, "agent:main:telegram:default:direct:123" },
        { "main", "Telegram", "Bot Main", ChatType.Direct, "123", DmScopes.PerAccountChannelPeer, GroupScopes.PerGroup, "agent:main:telegram:bot-main:direct:123" },
        { "main", "telegram", "__proto__", ChatType.Direct, "1", DmScopes.PerAccountChannelPeer, GroupScopes.PerGroup, "agent:main:telegram:default:direct:1" },
        { "Ops Team", "discord", null, ChatType.Direct, " User ABC ", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:ops-team:direct:user abc" },
        { "main", "telegram", null, ChatType.Direct, "", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:main:main" },
        { "main", "telegram", null, ChatType.Direct, "   ", DmScopes.PerAccountChannelPeer, GroupScopes.PerGroup, "agent:main:main" },
        { "main", "telegram", null, ChatType.Direct, null, DmScopes.PerChannelPeer, GroupScopes.PerGroup, "agent:main:main" },
        { "main", "", null, ChatType.Direct, "7", DmScopes.PerChannelPeer, GroupScopes.PerGroup, "agent:main:unknown:direct:7" },
        { "main", "whatsapp", null, ChatType.Direct, "+15551234567", DmScopes.PerChannelPeer, GroupScopes.PerGroup, "agent:main:whatsapp:direct:+15551234567" },
        { "main", "telegram", null, ChatType.Direct, "../../../etc/passwd", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:main:direct:../../../etc/passwd" },
        { "main", "telegram", null, ChatType.Direct, "ÄBC", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:main:direct:äbc" },
        { "main", "telegram", null, ChatType.Group, "G1", DmScopes.Main, GroupScopes.PerGroup, "agent:main:telegram:group:g1" },
        { "main", "telegram", null, ChatType.Group, "", DmScopes.Main, GroupScopes.PerGroup, "agent:main:telegram:group:unknown" },
        { "main", "discord", null, ChatType.Channel, "   ", DmScopes.PerPeer, GroupScopes.PerGroup, "agent:main:discord:channel:unknown" },
        { "main", "discord", null, ChatType.Channel, null, DmScopes.Main, GroupScopes.PerGroup, "agent:main:discord:channel:unknown" },
        { "main", "discord", "work", ChatType.Channel, "C456", DmScopes.PerAccountChannelPeer, GroupScopes.PerGroup, "agent:main:discord:channel:c456" },
        { "main", "telegram", null, ChatType.Group, "-100123:topic:42", DmScopes.Main, GroupScopes.PerGroup, "agent:main:telegram:group:-100123:topic:42" },
        { "main", "telegram", null, ChatType.Group, "G1", DmScopes.Main, GroupScopes.Main, "agent:main:main" },
        { "ops", "discord", null, ChatType.Channel, "c1", DmScopes.PerPeer, GroupScopes.Main, "agent:ops:main" },
        { "", " ", null, ChatType.Group, "g", DmScopes.Main, GroupScopes.PerGroup, "agent:main:unknown:group:g" },
    };

    [Theory]
    [MemberData(nameof(PeerKeyRows))]
    public void BuildPeerSessionKey_ScopeAndPeer_MatchesOpenClaw(
        string agentId, string channel, string? accountId, ChatType kind, string? peerId, string dmScope, string groupScope, string expected) =>
        Assert.Equal(expected, SessionKeys.BuildPeerSessionKey(agentId, channel, accountId, kind, peerId, dmScope, groupScope));

    [Theory]
    [InlineData("per-user", "per-group")]
    [InlineData("PER-PEER", "per-group")]
    [InlineData("main", "per-channel")]
    public void BuildPeerSessionKey_UnknownScope_ThrowsListingValidValues(string dmScope, string groupScope)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SessionKeys.BuildPeerSessionKey("main", "telegram", null, ChatType.Direct, "1", dmScope, groupScope));

        Assert.Contains("valid values", e.Message);
    }

    private static readonly IReadOnlyList<IdentityLink> Links =
    [
        new("Alice", ["telegram:111", "discord:222"]),
        new("bob", ["333"]),
        new("   ", ["444"]),
        new(" Carol ", [" TELEGRAM:555 ", ""]),
        new("first", ["dup"]),
        new("second", ["dup", "telegram:999"]),
    ];

    public static TheoryData<string, string, string, string> IdentityLinkRows => new()
    {
        { DmScopes.PerPeer, "telegram", "111", "agent:main:direct:alice" },
        { DmScopes.PerPeer, "Telegram", " 111 ", "agent:main:direct:alice" },
        { DmScopes.PerChannelPeer, "discord", "222", "agent:main:discord:direct:alice" },
        { DmScopes.PerAccountChannelPeer, "telegram", "111", "agent:main:telegram:default:direct:alice" },
        { DmScopes.PerPeer, "discord", "111", "agent:main:direct:111" },
        { DmScopes.PerPeer, "whatsapp", "333", "agent:main:direct:bob" },
        { DmScopes.PerPeer, "whatsapp", "444", "agent:main:direct:444" },
        { DmScopes.PerPeer, "telegram", "555", "agent:main:direct:carol" },
        { DmScopes.PerPeer, "telegram", "dup", "agent:main:direct:first" },
        { DmScopes.PerPeer, "TELEGRAM", "999", "agent:main:direct:second" },
        { DmScopes.Main, "telegram", "111", "agent:main:main" },
        { DmScopes.PerPeer, "telegram", "", "agent:main:main" },
    };

    [Theory]
    [MemberData(nameof(IdentityLinkRows))]
    public void BuildPeerSessionKey_IdentityLinks_LinkedPeersShareTheirName(string dmScope, string channel, string peerId, string expected) =>
        Assert.Equal(expected, SessionKeys.BuildPeerSessionKey("main", channel, null, ChatType.Direct, peerId, dmScope, identityLinks: Links));

    [Fact]
    public void IdentityLink_SameNameAndIds_AreEqual() =>
        Assert.Equal(new IdentityLink("a", ["1", "2"]), new IdentityLink("a", new List<string> { "1", "2" }));

    [Fact]
    public void BuildPeerSessionKey_IdentityLinks_NeverApplyToGroups() =>
        Assert.Equal("agent:main:telegram:group:111",
            SessionKeys.BuildPeerSessionKey("main", "telegram", null, ChatType.Group, "111", DmScopes.PerPeer, identityLinks: Links));

    [Theory]
    [InlineData("telegram", "111", "Alice")]
    [InlineData("telegram", "555", "Carol")]
    [InlineData("slack", "111", null)]
    [InlineData("telegram", "", null)]
    [InlineData("", "333", "bob")]
    public void ResolveLinkedPeerId_Peer_GivesTrimmedCanonicalName(string channel, string peerId, string? expected) =>
        Assert.Equal(expected, SessionKeys.ResolveLinkedPeerId(Links, channel, peerId));

    [Theory]
    [InlineData("agent:main:slack:channel:c1", " ABC ", "agent:main:slack:channel:c1:thread:abc")]
    [InlineData("agent:main:slack:channel:c1", "1710000000.9999", "agent:main:slack:channel:c1:thread:1710000000.9999")]
    [InlineData("agent:main:main", "42", "agent:main:main:thread:42")]
    [InlineData("agent:main:slack:channel:c1", null, "agent:main:slack:channel:c1")]
    [InlineData("agent:main:slack:channel:c1", "   ", "agent:main:slack:channel:c1")]
    public void AppendThread_ThreadId_AddsLowercasedSuffix(string baseKey, string? threadId, string expected) =>
        Assert.Equal(expected, SessionKeys.AppendThread(baseKey, threadId));

    public static TheoryData<string?, string?, string?> ParseRows => new()
    {
        { "AGENT:Main:Hook:Webhook:42", "main", "hook:webhook:42" },
        { "agent:main:main", "main", "main" },
        { "  agent:ops:telegram:direct:1  ", "ops", "telegram:direct:1" },
        { "agent:main::x", "main", "x" },
        { "agent:main:telegram:dm:123456", "main", "telegram:dm:123456" },
        { "agent::broken", null, null },
        { "agent:main", null, null },
        { "agent:main:", null, null },
        { "main", null, null },
        { "global", null, null },
        { "", null, null },
        { null, null, null },
        { "agents:main:main", null, null },
    };

    [Theory]
    [MemberData(nameof(ParseRows))]
    public void ParseAgentSessionKey_Key_SplitsOrRejects(string? key, string? agentId, string? rest)
    {
        var parsed = SessionKeys.ParseAgentSessionKey(key);

        Assert.Equal(agentId, parsed?.AgentId);
        Assert.Equal(rest, parsed?.Rest);
    }

    [Theory]
    [InlineData(null, SessionKeyShape.Missing)]
    [InlineData("   ", SessionKeyShape.Missing)]
    [InlineData("agent:main:main", SessionKeyShape.Agent)]
    [InlineData("agent:research:subagent:worker", SessionKeyShape.Agent)]
    [InlineData("agent:main:telegram:dm:123456", SessionKeyShape.Agent)]
    [InlineData("Agent:Main:Discord:Direct:User123", SessionKeyShape.Agent)]
    [InlineData("agent::broken", SessionKeyShape.MalformedAgent)]
    [InlineData("agent:main", SessionKeyShape.MalformedAgent)]
    [InlineData("AGENT:", SessionKeyShape.MalformedAgent)]
    [InlineData("main", SessionKeyShape.LegacyOrAlias)]
    [InlineData("custom-main", SessionKeyShape.LegacyOrAlias)]
    [InlineData("subagent:worker", SessionKeyShape.LegacyOrAlias)]
    [InlineData("global", SessionKeyShape.LegacyOrAlias)]
    public void ClassifySessionKeyShape_Key_GivesShape(string? key, SessionKeyShape expected) =>
        Assert.Equal(expected, SessionKeys.ClassifySessionKeyShape(key));

    public static TheoryData<string?, ChatType?> ChatTypeRows => new()
    {
        { "agent:main:discord:direct:user1", ChatType.Direct },
        { "agent:main:telegram:group:g1", ChatType.Group },
        { "agent:main:discord:channel:c1", ChatType.Channel },
        { "agent:main:telegram:dm:123456", ChatType.Direct },
        { "telegram:dm:123456", ChatType.Direct },
        { "AGENT:MAIN:DIRECT:Bob", ChatType.Direct },
        { "agent:main:telegram:bot-main:direct:1", ChatType.Direct },
        { "agent:main:slack:channel:c1:thread:9", ChatType.Channel },
        { "agent:main:telegram:group:-100123:topic:42", ChatType.Group },
        { "agent:main:main", null },
        { "agent:main", null },
        { "agent:main:telegram:direct:", null },
        { "agent:main:direct:group:x", null },
        { "global", null },
        { "", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(ChatTypeRows))]
    public void DeriveChatType_Key_ReadsCanonicalShape(string? key, ChatType? expected) =>
        Assert.Equal(expected, SessionKeys.DeriveChatType(key));
}
