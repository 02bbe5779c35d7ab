using Carapace.Core.Messages;
using Carapace.Core.Routing;
using static Carapace.Core.Tests.Routing.RoutingFixtures;

namespace Carapace.Core.Tests.Routing;

public sealed class RouterIdentityTests
{
    private const string LinkedConfig = """
        {
          session: { dmScope: '__SCOPE__', identityLinks: { Alice: ['telegram:111', 'discord:222'], bob: [333] } },
          owners: ['alice'],
          channels: { crabcallr: { identity: 'Alice' }, tui: { identity: 'owner' } },
        }
        """;

    public static TheoryData<string, string, ChatType, string, string, string> Rows => new()
    {
        // dmScope, channel, kind, peer, sender, identity
        { "per-peer", "telegram", ChatType.Direct, "111", "111", "alice" },
        { "main", "telegram", ChatType.Direct, "111", "111", "alice" },           // the person, even when the session is main
        { "main", "discord", ChatType.Direct, "222", "222", "alice" },
        { "per-peer", "whatsapp", ChatType.Direct, "333", "333", "bob" },
        { "per-peer", "telegram", ChatType.Direct, "ABC", "ABC", "telegram:abc" },
        { "per-peer", "telegram", ChatType.Group, "G1", "111", "alice" },         // the sender, not the group
        { "per-peer", "telegram", ChatType.Group, "G1", "999", "telegram:999" },
        { "per-peer", "crabcallr", ChatType.Direct, "+15550001", "+15550001", "alice" },
        { "per-peer", "tui", ChatType.Direct, "local", "local", "owner" },
        { "per-peer", "telegram", ChatType.Direct, "", "  ", "telegram:unknown" },
        { "per-peer", "Telegram", ChatType.Direct, "../../../etc/passwd", "../../../etc/passwd", "telegram:../../../etc/passwd" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resolve_Sender_IdentityIsThePerson(string dmScope, string channel, ChatType kind, string peer, string sender, string identity)
    {
        var config = ParseConfig(LinkedConfig.Replace("__SCOPE__", dmScope, StringComparison.Ordinal));

        var route = Router.Resolve(config, Message(channel, kind, peer, senderId: sender));

        Assert.Equal(identity, route.Identity);
        Assert.Equal(identity, route.Memory.Identity);
        Assert.Equal(identity == "alice", route.IsOwner);
    }

    [Fact]
    public void Resolve_IdentityLinkBeatsChannelIdentity()
    {
        var config = ParseConfig("""
            { session: { identityLinks: { carol: ['crabcallr:+1555'] } }, channels: { crabcallr: { identity: 'owner' } } }
            """);

        Assert.Equal("carol", Router.Resolve(config, Direct("crabcallr", "+1555")).Identity);
        Assert.Equal("owner", Router.Resolve(config, Direct("crabcallr", "+1666")).Identity);
    }

    [Fact]
    public void Resolve_LinkedPeerUnderPerChannelPeer_KeepsTheChannelSegment()
    {
        var config = ParseConfig(LinkedConfig.Replace("__SCOPE__", "per-channel-peer", StringComparison.Ordinal));

        Assert.Equal("agent:main:telegram:direct:alice", Router.Resolve(config, Direct("telegram", "111")).SessionKey);
        Assert.Equal("agent:main:discord:direct:alice", Router.Resolve(config, Direct("discord", "222")).SessionKey);
    }
}
