using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using static Carapace.Core.Tests.Routing.RoutingFixtures;

namespace Carapace.Core.Tests.Routing;

public sealed class RoutingConfigTests
{
    [Fact]
    public void Bind_OpenClawStyleJson5_ReadsEveryRoutingKey()
    {
        var config = ParseConfig("""
            // an openclaw.json as users write it
            {
              session: {
                scope: 'per-sender',
                dmScope: 'Per-Channel-Peer',
                groupScope: 'main',
                mainKey: 'main',
                identityLinks: { Alice: ['telegram:123', 'discord:987',], bob: [42] },
              },
              bindings: [
                { agentId: ' work ', match: { channel: ' Slack ', accountId: ' BIZ ', teamId: ' T1 ', roles: [' r1 ', 7] },
                  session: { dmScope: 'per-peer', groupScope: 'per-group' } },
                { agentId: 'work', match: { channel: 'discord', accountId: '*', peer: { kind: 'dm', id: 12345 }, guildId: 99 } },
              ],
              agents: {
                defaults: { workspace: '~/ws', model: 'openai/gpt-4o-mini', userTimezone: 'Europe/Berlin' },
                list: [
                  { id: 'Main', default: true, name: 'Helper', model: { primary: 'anthropic/claude-sonnet-4' } },
                  { id: 'work', workspace: '~/work', model: 'ollama/llama3.1:8b' },
                ],
              },
              owners: ['Alice', ' telegram:555 '],
              channels: { crabcallr: { identity: 'Alice' } },
            }
            """);

        Assert.Equal((SessionScopes.PerSender, DmScopes.PerChannelPeer, GroupScopes.Main), (config.Scope, config.DmScope, config.GroupScope));
        Assert.Equal(["Alice", "bob"], config.IdentityLinks.Select(l => l.Name));
        Assert.Equal(["telegram:123", "discord:987"], config.IdentityLinks[0].Ids);
        Assert.Equal(["42"], config.IdentityLinks[1].Ids);

        var slack = config.Bindings[0];
        Assert.Equal(("work", "slack", "biz", "T1"), (slack.AgentId, slack.Channel, slack.AccountId, slack.TeamId));
        Assert.Equal(["r1", "7"], slack.Roles);
        Assert.Equal((DmScopes.PerPeer, GroupScopes.PerGroup), (slack.DmScope, slack.GroupScope));
        var discord = config.Bindings[1];
        Assert.Equal((RouteBinding.AnyAccount, new Peer(ChatType.Direct, "12345"), "99"), (discord.AccountId, discord.Peer, discord.GuildId));
        Assert.Null(discord.DmScope);

        Assert.Equal(new AgentDefaults { Workspace = "~/ws", Model = "openai/gpt-4o-mini", UserTimezone = "Europe/Berlin" }, config.AgentDefaults);
        Assert.Equal(new AgentConfig { Id = "main", Name = "Helper", IsDefault = true, Model = "anthropic/claude-sonnet-4" }, config.Agents[0]);
        Assert.Equal(new AgentConfig { Id = "work", Name = "work", Workspace = "~/work", Model = "ollama/llama3.1:8b" }, config.Agents[1]);
        Assert.Equal("main", config.DefaultAgentId);
        Assert.Equal(["alice", "telegram:555"], config.Owners);
        Assert.Equal("alice", config.ChannelIdentities["crabcallr"]);
    }

    [Fact]
    public void Bind_EmptyConfig_GivesOpenClawDefaults()
    {
        var config = ParseConfig("{}");

        Assert.Equal((SessionScopes.PerSender, DmScopes.Main, GroupScopes.PerGroup), (config.Scope, config.DmScope, config.GroupScope));
        Assert.Empty(config.Bindings);
        Assert.Equal("main", config.DefaultAgentId);
        Assert.Equal(AgentConfig.Implicit("main"), config.GetAgent("MAIN"));
    }

    public static TheoryData<string, string, int, string> ErrorRows => new()
    {
        { "{\n session: {\n  dmScope: 'per-user' } }", "session.dmScope", 3,
            "unknown value 'per-user'; valid values: main, per-peer, per-channel-peer, per-account-channel-peer" },
        { "{ session: { scope: 'everyone' } }", "session.scope", 1, "valid values: per-sender, global" },
        { "{ session: { groupScope: 'per-channel' } }", "session.groupScope", 1, "valid values: per-group, main" },
        { "{ session: { dmScope: 3 } }", "session.dmScope", 1, "expected a string but found the number 3" },
        { "{ bindings: {} }", "bindings", 1, "expected a list" },
        { "{ bindings: ['telegram'] }", "bindings[0]", 1, "expected a binding object" },
        { "{ bindings: [{\n agentId: 'a',\n match: { accountId: 'x' } }] }", "bindings[0].match.channel", 3, "needs \"match.channel\"" },
        { "{ bindings: [{ match: { channel: 't' } }] }", "bindings[0].agentId", 1, "needs an \"agentId\"" },
        { "{ bindings: [{ agentId: 'a', match: { channel: 't', peer: { kind: 'room', id: 'x' } } }] }", "bindings[0].match.peer.kind", 1,
            "unknown value 'room'; valid values: direct, group, channel" },
        { "{ bindings: [{ agentId: 'a', match: { channel: 't', peer: { kind: 'group' } } }] }", "bindings[0].match.peer.id", 1, "needs an \"id\"" },
        { "{ bindings: [{ agentId: 'a', match: { channel: 't', peer: 'x' } }] }", "bindings[0].match.peer", 1, "expected an object { kind, id }" },
        { "{ bindings: [{ agentId: 'a', match: { channel: 't', guildId: true } }] }", "bindings[0].match.guildId", 1, "expected an id (text or a number)" },
        { "{ bindings: [{ agentId: 'a', match: { channel: 't' }, session: { dmScope: 'everyone' } }] }", "bindings[0].session.dmScope", 1, "valid values: main, per-peer" },
        { "{ agents: { list: [{ name: 'x' }] } }", "agents.list[0]", 1, "an agent needs an \"id\"" },
        { "{ agents: { list: [{ id: 'a' },\n { id: 'A' }] } }", "agents.list[1].id", 2, "duplicate agent id 'a'" },
        { "{ agents: { defaults: { model: 'gpt-4o' } } }", "agents.defaults.model", 1, "expected \"provider/model\"" },
        { "{ agents: { list: [{ id: 'a', model: { primary: 5 } }] } }", "agents.list[0].model.primary", 1, "expected a string" },
        { "{ agents: { defaults: { userTimezone: 'Mars/Olympus' } } }", "agents.defaults.userTimezone", 1, "unknown time zone 'Mars/Olympus'" },
        { "{ owners: 'alice' }", "owners", 1, "expected a list" },
        { "{ channels: { crabcallr: { identity: 5 } } }", "channels.crabcallr.identity", 1, "expected a string" },
    };

    [Theory]
    [MemberData(nameof(ErrorRows))]
    public void Bind_BadValue_ErrorNamesPathLineAndFix(string json5, string path, int line, string message)
    {
        var (_, diagnostics) = Bind(json5);

        var error = Assert.Single(diagnostics, d => d.Severity == ConfigSeverity.Error);
        Assert.Equal((path, line), (error.Path, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> WarningRows => new()
    {
        { "{ session: { mainKey: 'work' } }", "session.mainKey", "is ignored" },
        { "{ agents: { list: [{ id: 'a' }] }, bindings: [{ agentId: 'ghost', match: { channel: 't' } }] }", "bindings[0].agentId",
            "agent 'ghost' is not in agents.list; its messages go to the default agent 'a'" },
        { "{ session: { identityLinks: { alice: 'telegram:1' } } }", "session.identityLinks.alice", "skipped" },
        { "{ session: { identityLinks: { '  ': ['1'] } } }", "session.identityLinks.  ", "non-blank name" },
        { "{ agents: { list: [{ id: 'a', default: true }, { id: 'b', default: true }] } }", "agents.list[1].default", "'a' stays the default" },
    };

    [Theory]
    [MemberData(nameof(WarningRows))]
    public void Bind_RiskyValue_WarnsWithoutFailing(string json5, string path, string message)
    {
        var (_, diagnostics) = Bind(json5);

        var warning = Assert.Single(diagnostics);
        Assert.Equal((ConfigSeverity.Warning, path), (warning.Severity, warning.Path));
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_MistypedAndForeignKeys_ReportedAsUnknownWithTheirLines()
    {
        var doc = ConfigDocument.Parse("""
            {
              session: { dmScpe: 'per-peer' },
              bindings: [{ agentId: 'a', match: { channel: 't', chanel: 'x' } }],
              agents: { defaults: { memorySearch: { enabled: true }, model: 'openai/gpt-4o' } },
              channels: { crabcallr: { identity: 'owner', apiKey: 'k' } },
            }
            """, "carapace.json");

        RoutingConfig.Bind(doc.Root);
        doc.ReportUnknownKeys();

        var unknown = doc.Diagnostics.Select(d => (d.Path, d.Line)).ToArray();
        Assert.Equal(
            [("session.dmScpe", 2), ("bindings[0].match.chanel", 3), ("agents.defaults.memorySearch", 4), ("channels.crabcallr", 5)],
            unknown);
        Assert.All(doc.Diagnostics, d => Assert.Equal(ConfigSeverity.Warning, d.Severity));
        Assert.Equal("carapace.json:2: warning: session.dmScpe: unknown key, ignored", doc.Diagnostics[0].ToString());
    }

    [Fact]
    public void Bind_ChannelProjectOwnsItsKeys_IdentityIsTheOnlyKeyRoutingMarks()
    {
        var doc = ConfigDocument.Parse("{ channels: { crabcallr: { identity: 'owner', apiKey: 'k' } } }", "c.json");

        RoutingConfig.Bind(doc.Root);
        _ = doc.Root["channels"]["crabcallr"]["apiKey"].AsString(); // what the CrabCallr project does
        doc.ReportUnknownKeys();

        Assert.Empty(doc.Diagnostics);
    }
}
