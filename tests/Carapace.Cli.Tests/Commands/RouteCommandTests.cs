using System.CommandLine;
using System.Text.Json;
using Carapace.Cli.Commands;

namespace Carapace.Cli.Tests.Commands;

public sealed class RouteCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("carapace-route-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Route_Json_PrintsTheStableFieldNames()
    {
        var config = await WriteConfigAsync("""
            {
              session: { dmScope: 'per-channel-peer', identityLinks: { alice: ['telegram:111'] } },
              owners: ['alice'],
              agents: { list: [{ id: 'main' }, { id: 'work' }] },
              bindings: [{ agentId: 'work', match: { channel: 'telegram', accountId: 'biz' } }],
            }
            """);

        var (exit, stdout, stderr) = await RunAsync("route", "--channel", "Telegram", "--account", "BIZ", "--peer", "111", "--config", config, "--json");

        Assert.Equal((0, ""), (exit, stderr));
        using var json = JsonDocument.Parse(stdout);
        var fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(
            ["agentId", "sessionKey", "mainSessionKey", "identity", "chatType", "matchedBy", "channel", "accountId", "dmScope", "isOwner"],
            fields.Keys);
        Assert.Equal("work", fields["agentId"].GetString());
        Assert.Equal("agent:work:telegram:direct:alice", fields["sessionKey"].GetString());
        Assert.Equal("agent:work:main", fields["mainSessionKey"].GetString());
        Assert.Equal("alice", fields["identity"].GetString());
        Assert.Equal("direct", fields["chatType"].GetString());
        Assert.Equal("binding.account", fields["matchedBy"].GetString());
        Assert.Equal(("telegram", "biz", "per-channel-peer"), (fields["channel"].GetString(), fields["accountId"].GetString(), fields["dmScope"].GetString()));
        Assert.True(fields["isOwner"].GetBoolean());
    }

    [Fact]
    public async Task Route_GroupThreadWithParent_UsesEveryOption()
    {
        var config = await WriteConfigAsync("""
            {
              agents: { list: [{ id: 'main' }, { id: 'mods' }, { id: 'threads' }] },
              bindings: [
                { agentId: 'threads', match: { channel: 'discord', peer: { kind: 'channel', id: 'P1' } } },
                { agentId: 'mods', match: { channel: 'discord', guildId: 'G1', roles: ['mod'] } },
              ],
            }
            """);

        var (_, parentOut, _) = await RunAsync(
            "route", "--channel", "discord", "--peer-kind", "channel", "--peer", "T9", "--sender", "u1", "--thread", "X",
            "--parent-peer", "P1", "--config", config, "--json");
        var (_, rolesOut, _) = await RunAsync(
            "route", "--channel", "discord", "--peer-kind", "group", "--peer", "C5", "--sender", "u1",
            "--guild", "G1", "--roles", "member, mod", "--config", config, "--json");

        using var parent = JsonDocument.Parse(parentOut);
        using var roles = JsonDocument.Parse(rolesOut);
        Assert.Equal("binding.peer.parent", parent.RootElement.GetProperty("matchedBy").GetString());
        Assert.Equal("agent:threads:discord:channel:t9:thread:x", parent.RootElement.GetProperty("sessionKey").GetString());
        Assert.Equal("discord:u1", parent.RootElement.GetProperty("identity").GetString());
        Assert.Equal(("mods", "binding.guild+roles", "group"), (
            roles.RootElement.GetProperty("agentId").GetString(),
            roles.RootElement.GetProperty("matchedBy").GetString(),
            roles.RootElement.GetProperty("chatType").GetString()));
    }

    [Fact]
    public async Task Route_WithoutJson_PrintsAnAlignedListing()
    {
        var config = await WriteConfigAsync("{}");

        var (exit, stdout, _) = await RunAsync("route", "--channel", "tui", "--peer", "me", "--config", config);

        Assert.Equal(0, exit);
        var lines = stdout.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(10, lines.Length);
        Assert.Equal("agentId         main", lines[0]);
        Assert.Equal("sessionKey      agent:main:main", lines[1]);
        Assert.Equal("matchedBy       default", lines[5]);
        Assert.Equal("isOwner         false", lines[9]);
    }

    [Fact]
    public async Task Route_InvalidConfig_PrintsEachErrorAndExits2()
    {
        var config = await WriteConfigAsync("""
            {
              session: { dmScope: 'per-user' },
              bindings: [{ agentId: 'a', match: {} }],
            }
            """);

        var (exit, stdout, stderr) = await RunAsync("route", "--channel", "tui", "--peer", "me", "--config", config);

        Assert.Equal((2, ""), (exit, stdout));
        Assert.Equal(
            [
                $"{config}:2: error: session.dmScope: unknown value 'per-user'; valid values: main, per-peer, per-channel-peer, per-account-channel-peer",
                $"{config}:3: error: bindings[0].match.channel: a binding needs \"match.channel\" (e.g. \"telegram\")",
            ],
            stderr.TrimEnd().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("{ session: { dmScope: 'main' ", "syntax error")]
    [InlineData(null, "config file not found")]
    public async Task Route_UnreadableConfig_Exits2WithReason(string? text, string reason)
    {
        var config = text is null ? Path.Combine(_dir, "missing.json") : await WriteConfigAsync(text);

        var (exit, _, stderr) = await RunAsync("route", "--channel", "tui", "--peer", "me", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.StartsWith(config, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--peer-kind", "room")]
    [InlineData("--parent-peer-kind", "thread")]
    public async Task Route_UnknownPeerKind_IsRejectedListingValidValues(string option, string value)
    {
        var (exit, _, stderr) = await RunAsync("route", "--channel", "tui", "--peer", "me", option, value, "--config", await WriteConfigAsync("{}"));

        Assert.NotEqual(0, exit);
        Assert.Contains("direct", stderr, StringComparison.Ordinal);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_MissingPeer_IsRejected()
    {
        var (exit, stdout, stderr) = await RunAsync("route", "--channel", "tui", "--config", await WriteConfigAsync("{}"));

        Assert.NotEqual(0, exit);
        Assert.Contains("--peer", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sessionKey", stdout, StringComparison.Ordinal);
    }

    private async Task<string> WriteConfigAsync(string text)
    {
        var path = Path.Combine(_dir, $"carapace-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var root = new RootCommand { RouteCommand.Create() };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
