using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Gateway.Hosting;

namespace Carapace.Gateway.Tests.Hosting;

/// <summary>An existing openclaw.json can be pointed at: its keys mean the same here, and what Carapace does not use is a warning, never an error.</summary>
public sealed class OpenClawConfigTests
{
    private const string OpenClawJson = """
        // ~/.openclaw/openclaw.json as an OpenClaw user has it
        {
          agents: {
            defaults: {
              model: { primary: 'anthropic/claude-sonnet-4-5', fallbacks: ['openai/gpt-4o'] },
              workspace: '~/.openclaw/workspace',
              userTimezone: 'Europe/Berlin',
              memorySearch: { provider: 'none', query: { maxResults: 8, minScore: 0.3 } },
              compaction: { memoryFlush: { enabled: true } },
              heartbeat: { every: '30m' },
            },
            list: [
              { id: 'main', default: true },
              { id: 'work', workspace: '~/.openclaw/workspace-work', model: 'openai/gpt-4o-mini' },
            ],
          },
          session: {
            dmScope: 'per-channel-peer',
            identityLinks: { alice: ['telegram:123', 'discord:987'] },
            reset: { mode: 'daily', atHour: 4 },
            resetByChannel: { discord: { mode: 'idle', idleMinutes: 10080 } },
            resetTriggers: ['/new', '/reset'],
            sendPolicy: { default: 'allow', rules: [{ action: 'deny', match: { channel: 'discord', chatType: 'group' } }] },
          },
          bindings: [
            { agentId: 'work', match: { channel: 'slack', teamId: 'T123' } },
            { agentId: 'work', match: { channel: 'discord', guildId: '42', roles: ['staff'] }, session: { dmScope: 'per-peer' } },
          ],
          channels: {
            telegram: { botToken: '123:abc', dmPolicy: 'pairing', allowFrom: ['123'] },
            discord: { token: 'x', guilds: { '42': { requireMention: true } } },
          },
          gateway: { port: 18789, auth: { token: 'a-long-enough-token-for-tests' } },
          plugins: { entries: { 'memory-core': { enabled: true } } },
        }
        """;

    [Fact]
    public void Bind_RealisticOpenClawConfig_NoErrorsAndTheSameMeaning()
    {
        var settings = CarapaceSettings.Bind(new CarapacePaths("/tmp/state", "/tmp/openclaw.json"), ConfigDocument.Parse(OpenClawJson, "openclaw.json"), true);

        Assert.DoesNotContain(settings.Document.Diagnostics, d => d.Severity == ConfigSeverity.Error);
        Assert.Contains(settings.Document.Diagnostics, d => d.Path == "plugins" && d.Severity == ConfigSeverity.Warning);
        Assert.Contains(settings.Document.Diagnostics, d => d.Path == "channels.telegram" && d.Severity == ConfigSeverity.Warning);
        Assert.Equal("anthropic/claude-sonnet-4-5", settings.Agents.ModelFor("main"));
        Assert.Equal("openai/gpt-4o-mini", settings.Agents.ModelFor("work"));
        Assert.Equal("Europe/Berlin", settings.Agents.UserTimeZone.Id);
        Assert.Equal(8, settings.MemorySearch.Query.MaxResults);

        var fromTelegram = Router.Resolve(settings.Routing, Message("telegram", "123"));
        Assert.Equal("agent:main:telegram:direct:alice", fromTelegram.SessionKey);
        Assert.Equal("alice", fromTelegram.Identity);
        var staff = Router.Resolve(settings.Routing, Message("discord", "555") with { GuildId = "42", MemberRoleIds = ["staff"] });
        Assert.Equal(("work", "binding.guild+roles", "agent:work:direct:555"), (staff.AgentId, staff.MatchedBy, staff.SessionKey));
    }

    private static InboundMessage Message(string channel, string sender) => new()
    {
        Channel = channel,
        Peer = new Peer(ChatType.Direct, sender),
        SenderId = sender,
        Text = "hi",
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
