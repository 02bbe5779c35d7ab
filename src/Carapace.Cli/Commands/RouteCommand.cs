using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Gateway.Hosting;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace route</c>: shows which agent, session and identity a message would get, without starting anything, so
/// users can debug their bindings and dmScope. The <c>--json</c> field names are a stable interface.
/// </summary>
public static class RouteCommand
{
    private static readonly string[] PeerKinds = ["direct", "group", "channel", "dm"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var channel = new Option<string>("--channel") { Description = "Channel name, e.g. telegram, discord, tui, crabcallr", Required = true };
        var account = new Option<string?>("--account") { Description = "Channel account (bot); default account when omitted" };
        var peerKind = new Option<string>("--peer-kind") { Description = "Conversation kind", DefaultValueFactory = _ => "direct" };
        peerKind.AcceptOnlyFromAmong(PeerKinds);
        var peer = new Option<string>("--peer") { Description = "Conversation id: the person in a DM, else the group or channel", Required = true };
        var sender = new Option<string?>("--sender") { Description = "Who wrote the message (default: the peer)" };
        var thread = new Option<string?>("--thread") { Description = "Thread or topic id" };
        var parentKind = new Option<string?>("--parent-peer-kind") { Description = "Kind of the thread's parent conversation (default: --peer-kind)" };
        parentKind.AcceptOnlyFromAmong(PeerKinds);
        var parentPeer = new Option<string?>("--parent-peer") { Description = "The thread's parent conversation id" };
        var guild = new Option<string?>("--guild") { Description = "Discord guild id" };
        var team = new Option<string?>("--team") { Description = "Slack team id" };
        var roles = new Option<string?>("--roles") { Description = "The sender's role ids, comma-separated" };
        var configPath = new Option<string?>("--config") { Description = "Config file (default: $CARAPACE_CONFIG, else <state dir>/carapace.json)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };

        var command = new Command("route", "Show how a message would be routed: agent, session key, identity, matched binding.")
        {
            channel, account, peerKind, peer, sender, thread, parentKind, parentPeer, guild, team, roles, configPath, json,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var settings = await CarapaceSettings.LoadAsync(CarapacePaths.FromProcess(configOption: result.GetValue(configPath)), cancellationToken)
                .ConfigureAwait(false);
            await settings.WriteDiagnosticsAsync(error).ConfigureAwait(false);
            if (settings.HasErrors)
            {
                return 2;
            }

            var kind = ChatTypes.Parse(result.GetValue(peerKind)) ?? ChatType.Direct;
            var peerId = result.GetRequiredValue(peer);
            var parentId = result.GetValue(parentPeer);
            var message = new InboundMessage
            {
                Channel = result.GetRequiredValue(channel),
                AccountId = result.GetValue(account),
                Peer = new Peer(kind, peerId),
                SenderId = result.GetValue(sender) ?? peerId,
                Text = "",
                ThreadId = result.GetValue(thread),
                ReceivedAt = TimeProvider.System.GetUtcNow(),
                ParentPeer = parentId is null ? null : new Peer(ChatTypes.Parse(result.GetValue(parentKind)) ?? kind, parentId),
                GuildId = result.GetValue(guild),
                TeamId = result.GetValue(team),
                MemberRoleIds = (result.GetValue(roles) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            };

            var fields = Describe(Router.Resolve(settings.Routing, message));
            await output.WriteLineAsync(result.GetValue(json) ? ToJson(fields) : ToListing(fields)).ConfigureAwait(false);
            return 0;
        });

        return command;
    }

    // The stable field names, in display order.
    private static (string Name, JsonNode? Value)[] Describe(Route route) =>
    [
        ("agentId", route.AgentId),
        ("sessionKey", route.SessionKey),
        ("mainSessionKey", route.MainSessionKey),
        ("identity", route.Identity),
        ("chatType", route.ChatType.ToKeyword()),
        ("matchedBy", route.MatchedBy),
        ("channel", route.Channel),
        ("accountId", route.AccountId),
        ("dmScope", route.DmScope),
        ("isOwner", route.IsOwner),
    ];

    private static string ToJson((string Name, JsonNode? Value)[] fields)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in fields)
        {
            obj[name] = value;
        }

        return obj.ToJsonString(Indented);
    }

    private static string ToListing((string Name, JsonNode? Value)[] fields)
    {
        var width = fields.Max(f => f.Name.Length) + 2;
        return string.Join(Environment.NewLine, fields.Select(f => f.Name.PadRight(width) + FormatValue(f.Value)));
    }

    private static string FormatValue(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";
}
