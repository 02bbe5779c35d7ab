using Carapace.Agent.Prompt;
using Carapace.Core.Config;
using Carapace.Core.Routing;

namespace Carapace.Agent.Tests.Prompt;

public sealed class AgentOptionsTests
{
    [Fact]
    public void Bind_EmptyConfig_UsesDocumentedDefaults()
    {
        var doc = ConfigDocument.Empty("carapace.json");

        var options = Bind(doc);

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(20_000, options.BootstrapMaxChars);
        Assert.Equal(150_000, options.BootstrapTotalMaxChars);
        Assert.Equal(200_000, options.ContextTokens);
        Assert.Equal(TimeZoneInfo.Local, options.UserTimeZone);
        Assert.Null(options.ModelFor("main"));
        Assert.Equal(Path.Combine("/state", "workspace"), options.WorkspaceFor("main"));
        Assert.Equal(Path.Combine("/state", "workspace-work"), options.WorkspaceFor("work"));
    }

    [Fact]
    public void Bind_DefaultsAndList_PerAgentValuesOverrideDefaults()
    {
        var doc = ConfigDocument.Parse("""
            {
              agents: {
                defaults: { model: 'openai/gpt-4o-mini', bootstrapMaxChars: 500, bootstrapTotalMaxChars: 900,
                            userTimezone: 'Asia/Tokyo', contextTokens: 32000, workspace: '/ws/home' },
                list: [
                  { id: 'home' },
                  { id: 'work', default: true, model: { primary: 'anthropic/claude-sonnet-4-5' }, workspace: '/ws/work' },
                ],
              },
            }
            """, "carapace.json");

        var options = Bind(doc);
        doc.ReportUnknownKeys();

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(500, options.BootstrapMaxChars);
        Assert.Equal(900, options.BootstrapTotalMaxChars);
        Assert.Equal(32000, options.ContextTokens);
        Assert.Equal("Asia/Tokyo", options.UserTimeZone.Id);
        Assert.Equal("work", options.DefaultAgentId);
        Assert.Equal("openai/gpt-4o-mini", options.ModelFor("home"));
        Assert.Equal("anthropic/claude-sonnet-4-5", options.ModelFor("work"));
        Assert.Equal("/ws/work", options.WorkspaceFor("work"));
        Assert.Equal(Path.Combine("/state", "workspace-home"), options.WorkspaceFor("home"));
    }

    [Fact]
    public void Bind_Compaction_ReadFromAgentsDefaults()
    {
        var doc = ConfigDocument.Parse(
            "{ agents: { defaults: { contextTokens: 32768, compaction: { reserveTokens: 4000, memoryFlush: { enabled: false } } } } }", "carapace.json");

        var options = Bind(doc);
        doc.ReportUnknownKeys();

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(4000, options.Compaction.ReserveTokens);
        Assert.Equal(20_000, options.Compaction.KeepRecentTokens);
        Assert.False(options.Compaction.MemoryFlush.Enabled);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "{ defaults: { userTimezone: 'Mars/Olympus' } }", "agents.defaults.userTimezone", "IANA" },
        { "{ defaults: { userTimezone: '../../../etc/passwd' } }", "agents.defaults.userTimezone", "unknown time zone" },
        { "{ defaults: { userTimezone: '' } }", "agents.defaults.userTimezone", "unknown time zone" },
        { "{ defaults: { bootstrapMaxChars: -1 } }", "agents.defaults.bootstrapMaxChars", "out of range" },
        { "{ defaults: { bootstrapTotalMaxChars: 'lots' } }", "agents.defaults.bootstrapTotalMaxChars", "expected a number" },
        { "{ defaults: { contextTokens: 1500.5 } }", "agents.defaults.contextTokens", "whole number" },
        { "{ defaults: { model: 7 } }", "agents.defaults.model", "expected a string" },
        { "{ defaults: { compaction: { reserveTokens: -5 } } }", "agents.defaults.compaction.reserveTokens", "out of range" },
        { "{ list: [{ model: 'openai/x' }] }", "agents.list[0]", "needs an \"id\"" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void Bind_BadValue_ReportsErrorAtKeyPath(string agents, string path, string message)
    {
        var doc = ConfigDocument.Parse($"{{ agents: {agents} }}", "carapace.json");

        var options = Bind(doc);

        var error = Assert.Single(doc.Diagnostics);
        Assert.Equal(ConfigSeverity.Error, error.Severity);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(new AgentOptions().BootstrapMaxChars, options.BootstrapMaxChars);
    }

    private static AgentOptions Bind(ConfigDocument doc) => AgentOptions.Bind(doc.Root["agents"], RoutingConfig.Bind(doc.Root), "/state");
}
