using Carapace.Core.Messages;
using Carapace.Core.Routing;
using CsCheck;
using static Carapace.Core.Tests.Routing.RoutingFixtures;

namespace Carapace.Core.Tests.Routing;

/// <summary>Privacy properties of routing over hostile ids: what must never collide, collapse or leak.</summary>
public sealed class RouterPropertyTests
{
    private const int Iterations = 2_000;

    // Peer and sender ids come from the outside world: anything, including separators, blanks and unicode.
    private static readonly Gen<string> HostileId = Gen.OneOf(
        Gen.String,
        Gen.String["aAbB1:-_ ./\u0130\u03A3"],
        Gen.OneOf("", " ", "../../../etc/passwd", "__proto__", "main", "direct", "group", "unknown", "A:B", new string('x', 65)));

    // Channel and account names come from config and adapters: ordinary names.
    private static readonly Gen<string> ChannelName = Gen.OneOf("telegram", "Discord", "whatsapp", "tui", "crabcallr", "slack");
    private static readonly Gen<string?> AccountName = Gen.OneOf<string?>(null, "default", "Bot Main", "work", "__proto__");
    private static readonly Gen<string> DirectScope = Gen.OneOf(DmScopes.All.ToArray());
    private static readonly Gen<ChatType> GroupKind = Gen.OneOf(ChatType.Group, ChatType.Channel);

    [Fact]
    public void Resolve_AnyIds_DirectKeysNeverCollideWithGroupOrChannelKeys() =>
        Gen.Select(Gen.Select(DirectScope, ChannelName, AccountName), Gen.Select(HostileId, HostileId, GroupKind))
            .Sample(t =>
            {
                var ((dmScope, channel, account), (dmPeer, groupPeer, kind)) = t;
                var config = new RoutingConfig { DmScope = dmScope };
                var dm = Router.Resolve(config, Message(channel, ChatType.Direct, dmPeer, accountId: account));
                var group = Router.Resolve(config, Message(channel, kind, groupPeer, accountId: account));
                return dm.SessionKey != group.SessionKey;
            }, iter: Iterations);

    [Fact]
    public void Resolve_BlankGroupId_NeverCollapsesToMain() =>
        Gen.Select(ChannelName, Gen.String[" \t\u3000\uFEFF"], GroupKind, DirectScope)
            .Sample((channel, blank, kind, dmScope) =>
            {
                var route = Router.Resolve(new RoutingConfig { DmScope = dmScope }, Message(channel, kind, blank));
                return route.SessionKey != route.MainSessionKey && route.SessionKey.EndsWith(":unknown", StringComparison.Ordinal);
            }, iter: Iterations);

    [Fact]
    public void Resolve_DifferentUnlinkedSenders_NeverShareAKeyOutsideMainScope() =>
        Gen.Select(Gen.OneOf(DmScopes.PerPeer, DmScopes.PerChannelPeer, DmScopes.PerAccountChannelPeer), ChannelName, AccountName, HostileId, HostileId)
            .Where((_, _, _, a, b) => Person(a) != Person(b))
            .Sample((dmScope, channel, account, a, b) =>
            {
                var config = new RoutingConfig { DmScope = dmScope };
                return Router.Resolve(config, Message(channel, ChatType.Direct, a, accountId: account)).SessionKey
                    != Router.Resolve(config, Message(channel, ChatType.Direct, b, accountId: account)).SessionKey;
            }, iter: Iterations);

    [Fact]
    public void Resolve_DifferentPeople_NeverShareAnIdentity()
    {
        var config = new RoutingConfig
        {
            DmScope = DmScopes.PerPeer,
            IdentityLinks = [new IdentityLink("alice", ["telegram:1", "discord:2"]), new IdentityLink("bob", ["3"])],
        };

        Gen.Select(Gen.Select(ChannelName, HostileId), Gen.Select(ChannelName, HostileId))
            .Where(t => Owner(config, t.Item1) != Owner(config, t.Item2))
            .Sample(t =>
            {
                var ((channelA, a), (channelB, b)) = t;
                return Router.Resolve(config, Message(channelA, ChatType.Group, "g", senderId: a)).Identity
                    != Router.Resolve(config, Message(channelB, ChatType.Group, "g", senderId: b)).Identity;
            }, iter: Iterations);
    }

    // Who a sender really is: the linked person, else the (channel, normalised id) pair.
    private static string Owner(RoutingConfig config, (string Channel, string Id) sender) =>
        SessionKeys.ResolveLinkedPeerId(config.IdentityLinks, sender.Channel, sender.Id)?.ToLowerInvariant()
        ?? $"{SessionKeys.NormalizeChannel(sender.Channel)}\u0000{Person(sender.Id)}";

    private static string Person(string id)
    {
        var normalized = JsText.Lower(JsText.Trim(id));
        return normalized.Length == 0 ? "unknown" : normalized;
    }
}
