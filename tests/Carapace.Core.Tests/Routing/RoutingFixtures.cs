using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Core.Tests.Routing;

/// <summary>Builds inbound messages and routing configs for router tests.</summary>
internal static class RoutingFixtures
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 4, 13, 12, 0, 0, TimeSpan.Zero);

    public static InboundMessage Message(
        string channel,
        ChatType kind,
        string peerId,
        string? senderId = null,
        string? accountId = null,
        string? threadId = null,
        Peer? parentPeer = null,
        string? guildId = null,
        string? teamId = null,
        IReadOnlyList<string>? roles = null,
        string? messageId = null) => new()
        {
            Channel = channel,
            AccountId = accountId,
            Peer = new Peer(kind, peerId),
            SenderId = senderId ?? peerId,
            Text = "hello",
            ThreadId = threadId,
            ReceivedAt = ReceivedAt,
            ChannelMessageId = messageId,
            ParentPeer = parentPeer,
            GuildId = guildId,
            TeamId = teamId,
            MemberRoleIds = roles ?? [],
        };

    public static InboundMessage Direct(string channel, string peerId, string? accountId = null) =>
        Message(channel, ChatType.Direct, peerId, accountId: accountId);

    /// <summary>Binds a JSON5 config and fails the test if it has errors.</summary>
    public static RoutingConfig ParseConfig(string json5)
    {
        var doc = ConfigDocument.Parse(json5, "test.json5");
        var config = RoutingConfig.Bind(doc.Root);
        Assert.False(doc.HasErrors, string.Join("\n", doc.Diagnostics));
        return config;
    }

    /// <summary>Binds a JSON5 config and returns its diagnostics.</summary>
    public static (RoutingConfig Config, IReadOnlyList<ConfigDiagnostic> Diagnostics) Bind(string json5)
    {
        var doc = ConfigDocument.Parse(json5, "test.json5");
        var config = RoutingConfig.Bind(doc.Root);
        return (config, doc.Diagnostics);
    }
}
