using Carapace.Core.Messages;
using Carapace.Core.Routing;
using static Carapace.Core.Tests.Routing.RoutingFixtures;

namespace Carapace.Core.Tests.Routing;

public sealed class RouterTests
{
    // Bindings are written least specific first, so a pass proves tier order rather than file order.
    private static readonly RoutingConfig Tiered = ParseConfig("""
        {
          agents: { list: [
            { id: 'main', default: true }, { id: 'peer' }, { id: 'parent' }, { id: 'wild' }, { id: 'roles' },
            { id: 'guild' }, { id: 'team' }, { id: 'account' }, { id: 'channel' },
          ] },
          bindings: [
            { agentId: 'channel', match: { channel: 'discord', accountId: '*' } },
            { agentId: 'account', match: { channel: 'discord' } },
            { agentId: 'team', match: { channel: 'discord', teamId: 'T1' } },
            { agentId: 'guild', match: { channel: 'discord', guildId: 'G1' } },
            { agentId: 'roles', match: { channel: 'discord', guildId: 'G1', roles: ['R1', 'R2'] } },
            { agentId: 'wild', match: { channel: 'discord', peer: { kind: 'channel', id: '*' } } },
            { agentId: 'parent', match: { channel: 'discord', peer: { kind: 'channel', id: 'P1' } } },
            { agentId: 'peer', match: { channel: 'discord', peer: { kind: 'channel', id: 'C1' } } },
          ],
        }
        """);

    public static TheoryData<string, InboundMessage, string, string> TierRows => new()
    {
        { "exact peer", Message("discord", ChatType.Channel, "C1"), "peer", "binding.peer" },
        { "group matches a channel binding", Message("discord", ChatType.Group, "C1"), "peer", "binding.peer" },
        { "thread inherits its parent", Message("discord", ChatType.Channel, "T9", parentPeer: new Peer(ChatType.Channel, "P1")), "parent", "binding.peer.parent" },
        { "blank parent is ignored", Message("discord", ChatType.Channel, "T9", parentPeer: new Peer(ChatType.Channel, "  ")), "wild", "binding.peer.wildcard" },
        { "any channel", Message("discord", ChatType.Channel, "X"), "wild", "binding.peer.wildcard" },
        { "peer ids are case-sensitive", Message("discord", ChatType.Channel, "c1"), "wild", "binding.peer.wildcard" },
        { "guild and a listed role", Message("discord", ChatType.Direct, "u1", guildId: "G1", roles: ["R9", "R2"]), "roles", "binding.guild+roles" },
        { "guild without a listed role", Message("discord", ChatType.Direct, "u1", guildId: "G1", roles: ["R9"]), "guild", "binding.guild" },
        { "guild, no roles", Message("discord", ChatType.Direct, "u1", guildId: " G1 "), "guild", "binding.guild" },
        { "team", Message("discord", ChatType.Direct, "u1", teamId: "T1"), "team", "binding.team" },
        { "default account", Message("discord", ChatType.Direct, "u1"), "account", "binding.account" },
        { "named default account", Message("Discord", ChatType.Direct, "u1", accountId: " DEFAULT "), "account", "binding.account" },
        { "other account falls to any-account", Message("discord", ChatType.Direct, "u1", accountId: "work"), "channel", "binding.channel" },
        { "peer binding is default-account only", Message("discord", ChatType.Channel, "C1", accountId: "work"), "channel", "binding.channel" },
        { "other channel", Message("telegram", ChatType.Direct, "u1"), "main", "default" },
    };

    [Theory]
    [MemberData(nameof(TierRows))]
    public void Resolve_BindingTiers_MostSpecificTierWins(string why, InboundMessage message, string agentId, string matchedBy)
    {
        var route = Router.Resolve(Tiered, message);

        Assert.True(agentId == route.AgentId && matchedBy == route.MatchedBy, $"{why}: got {route.AgentId} by {route.MatchedBy}");
    }

    [Fact]
    public void Resolve_PeerAndGuildBinding_IsNeverAGuildWideFallback()
    {
        var config = ParseConfig("""
            {
              agents: { list: [{ id: 'main' }, { id: 'ops' }] },
              bindings: [{ agentId: 'ops', match: { channel: 'discord', guildId: 'G1', peer: { kind: 'channel', id: 'C2' } } }],
            }
            """);

        var inOtherGuild = Router.Resolve(config, Message("discord", ChatType.Channel, "C2", guildId: "G2"));
        var otherChannelSameGuild = Router.Resolve(config, Message("discord", ChatType.Channel, "C3", guildId: "G1"));
        var both = Router.Resolve(config, Message("discord", ChatType.Channel, "C2", guildId: "G1"));

        Assert.Equal(("main", "default"), (inOtherGuild.AgentId, inOtherGuild.MatchedBy));
        Assert.Equal(("main", "default"), (otherChannelSameGuild.AgentId, otherChannelSameGuild.MatchedBy));
        Assert.Equal(("ops", "binding.peer"), (both.AgentId, both.MatchedBy));
    }

    [Fact]
    public void Resolve_SameTier_FirstBindingInFileOrderWins()
    {
        var config = ParseConfig("""
            {
              agents: { list: [{ id: 'a' }, { id: 'b' }] },
              bindings: [
                { agentId: 'b', match: { channel: 'telegram', accountId: '*' } },
                { agentId: 'a', match: { channel: 'telegram', accountId: '*' } },
              ],
            }
            """);

        Assert.Equal("b", Router.Resolve(config, Direct("telegram", "1")).AgentId);
    }

    [Theory]
    [InlineData("BIZ", " biz ", "biz-agent", "binding.account")]
    [InlineData("", "", "biz-agent", "binding.account")]
    [InlineData("", "default", "biz-agent", "binding.account")]
    [InlineData("", "other", "main", "default")]
    [InlineData("Bot Main", "bot-main", "biz-agent", "binding.account")]
    [InlineData("*", "anything", "biz-agent", "binding.channel")]
    public void Resolve_AccountPattern_MatchesNormalisedAccount(string pattern, string account, string agentId, string matchedBy)
    {
        var config = ParseConfig($$"""
            { bindings: [{ agentId: 'biz-agent', match: { channel: 'telegram', accountId: '{{pattern}}' } }] }
            """);

        var route = Router.Resolve(config, Direct("telegram", "1", account));

        Assert.Equal((agentId, matchedBy), (route.AgentId, route.MatchedBy));
    }

    [Fact]
    public void Resolve_NumericBindingIds_MatchStringIds()
    {
        var config = ParseConfig("""
            {
              bindings: [
                { agentId: 'dm', match: { channel: 'telegram', peer: { kind: 'dm', id: 12345 } } },
                { agentId: 'guild', match: { channel: 'discord', guildId: 987654321012345678, roles: [42] } },
              ],
            }
            """);

        var dm = Router.Resolve(config, Direct("telegram", " 12345 "));
        var guild = Router.Resolve(config, Message("discord", ChatType.Channel, "c", guildId: "987654321012345678", roles: ["42"]));

        Assert.Equal(("dm", "binding.peer"), (dm.AgentId, dm.MatchedBy));
        Assert.Equal(("guild", "binding.guild+roles"), (guild.AgentId, guild.MatchedBy));
    }

    [Fact]
    public void Resolve_PerBindingSessionScopes_OverrideTheGlobalOnes()
    {
        var config = ParseConfig("""
            {
              session: { dmScope: 'main', groupScope: 'per-group' },
              bindings: [
                { agentId: 'main', match: { channel: 'telegram', accountId: '*' }, session: { dmScope: 'per-channel-peer' } },
                { agentId: 'main', match: { channel: 'discord', accountId: '*' }, session: { groupScope: 'main' } },
              ],
            }
            """);

        var telegram = Router.Resolve(config, Direct("telegram", "123"));
        var discordGroup = Router.Resolve(config, Message("discord", ChatType.Channel, "c1"));
        var whatsapp = Router.Resolve(config, Direct("whatsapp", "123"));

        Assert.Equal(("agent:main:telegram:direct:123", "per-channel-peer"), (telegram.SessionKey, telegram.DmScope));
        Assert.Equal("agent:main:main", discordGroup.SessionKey);
        Assert.Equal(("agent:main:main", "main"), (whatsapp.SessionKey, whatsapp.DmScope));
    }

    [Theory]
    [InlineData("[{ id: 'a' }, { id: 'b', default: true }]", "ghost", "b")]
    [InlineData("[{ id: 'a' }, { id: 'b' }]", "ghost", "a")]
    [InlineData("[{ id: 'a' }, { id: 'Work Bot' }]", "WORK BOT", "work-bot")]
    [InlineData("[]", "Work Bot", "work-bot")]
    public void Resolve_BindingAgentId_UnknownFallsBackToDefaultAgent(string list, string bindingAgent, string expected)
    {
        var (config, _) = Bind($$"""
            { agents: { list: {{list}} }, bindings: [{ agentId: '{{bindingAgent}}', match: { channel: 'tui' } }] }
            """);

        var route = Router.Resolve(config, Direct("tui", "me"));

        Assert.Equal(expected, route.AgentId);
        Assert.Equal($"agent:{expected}:main", route.MainSessionKey);
    }

    [Theory]
    [InlineData("[]", "main")]
    [InlineData("[{ id: 'Ops' }, { id: 'b' }]", "ops")]
    [InlineData("[{ id: 'a' }, { id: 'b', default: true }]", "b")]
    public void Resolve_NoBinding_UsesDefaultAgent(string list, string expected) =>
        Assert.Equal(expected, Router.Resolve(ParseConfig($"{{ agents: {{ list: {list} }} }}"), Direct("tui", "me")).AgentId);

    [Fact]
    public void Resolve_GlobalScope_EveryMessageSharesTheGlobalSession()
    {
        var config = ParseConfig("{ session: { scope: 'global', dmScope: 'per-peer' } }");

        var dm = Router.Resolve(config, Direct("telegram", "1"));
        var group = Router.Resolve(config, Message("discord", ChatType.Group, "g", threadId: "7"));

        Assert.Equal(("global", "global"), (dm.SessionKey, group.SessionKey));
        Assert.Equal("agent:main:main", dm.MainSessionKey);
    }

    [Theory]
    [InlineData(ChatType.Channel, "C1", " T-9 ", "agent:main:slack:channel:c1:thread:t-9")]
    [InlineData(ChatType.Direct, "U1", "42", "agent:main:slack:direct:u1:thread:42")]
    [InlineData(ChatType.Channel, "C1", "  ", "agent:main:slack:channel:c1")]
    public void Resolve_ThreadId_AddsThreadSuffix(ChatType kind, string peer, string thread, string expected)
    {
        var config = ParseConfig("{ session: { dmScope: 'per-channel-peer' } }");

        Assert.Equal(expected, Router.Resolve(config, Message("slack", kind, peer, threadId: thread)).SessionKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_BlankDirectPeer_GetsUnknownPeerLikeOpenClaw(string peer) =>
        Assert.Equal("agent:main:direct:unknown", Router.Resolve(ParseConfig("{ session: { dmScope: 'per-peer' } }"), Direct("telegram", peer)).SessionKey);

    [Fact]
    public void Resolve_Message_ReplyGoesToTheTargetOfItsOwnMessage()
    {
        var message = Message("Telegram", ChatType.Group, "-100ABC", senderId: "77", accountId: "Bot Main", threadId: "Topic-1", messageId: "m-9");

        var route = Router.Resolve(new RoutingConfig(), message);

        Assert.Equal(new DeliveryTarget("telegram", "bot-main", new Peer(ChatType.Group, "-100ABC"), "Topic-1", "m-9"), route.Delivery);
    }

    [Fact]
    public void Resolve_GroupMessage_MemoryScopeNamesTheGroupAndTheSender()
    {
        var config = ParseConfig("{ owners: ['telegram:77'] }");

        var route = Router.Resolve(config, Message("telegram", ChatType.Group, "G1", senderId: "77"));

        Assert.Equal("telegram:group:g1", route.Memory.GroupId);
        Assert.Equal(("telegram:77", true, ChatType.Group), (route.Memory.Identity, route.Memory.IsOwner, route.Memory.ChatType));
        Assert.Equal(route.SessionKey, route.Memory.SessionKey);
        Assert.False(route.Memory.MayReadOwnerFiles);
    }

    [Fact]
    public void Resolve_OwnerDirectMessage_MayReadOwnerFiles()
    {
        var route = Router.Resolve(ParseConfig("{ owners: ['Telegram:77'] }"), Direct("telegram", "77"));

        Assert.True(route.IsOwner);
        Assert.Null(route.Memory.GroupId);
        Assert.True(route.Memory.MayReadOwnerFiles);
    }
}
