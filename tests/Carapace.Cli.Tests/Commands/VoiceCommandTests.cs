using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Cli.Tests.Commands;

/// <summary><c>carapace voice relay|call</c> find their config like every command: --config, else CARAPACE_CONFIG, else the state dir.</summary>
public sealed class VoiceCommandTests
{
    [Theory]
    [InlineData("relay")]
    [InlineData("call")]
    public async Task Voice_StateDirConfigWithoutRelaySection_SaysHowToAddOne(string subcommand)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{ gateway: { port: 1234 } }");

        var (exit, _, error) = await CliRun.RunAsync(Command(dir), ["voice", subcommand]);

        Assert.Equal(ConfigCommand.InvalidConfig, exit);
        Assert.Contains($"✗ {dir.File("carapace.json")} has no voice.relay section; add one", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voice_ConfigOptionWithRelayErrors_PrintsTheSameDiagnosticsAsConfigValidate()
    {
        using var dir = new TempDirectory();
        var named = dir.File("phone.json5");
        await File.WriteAllTextAsync(named, "{\n  voice: {\n    relay: { agentSecret: 'short' },\n  },\n}");

        var (exit, _, error) = await CliRun.RunAsync(Command(dir), ["voice", "relay", "--config", named]);

        Assert.Equal(ConfigCommand.InvalidConfig, exit);
        Assert.Contains($"{named}:3: error: voice.relay.agentSecret: required: a shared secret of at least 16 characters", error, StringComparison.Ordinal);
        Assert.Contains($"✗ fix the errors in {named} first (check with: carapace config validate)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voice_NamedConfigMissing_IsAnErrorNotDefaults()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("nowhere.json5");

        var (exit, _, error) = await CliRun.RunAsync(Command(dir), ["voice", "call", "--config", missing]);

        Assert.Equal(ConfigCommand.InvalidConfig, exit);
        Assert.Contains($"{missing}: error", error, StringComparison.Ordinal);
        Assert.Contains("config file not found", error, StringComparison.Ordinal);
    }

    private static System.CommandLine.Command Command(TempDirectory dir) =>
        VoiceCommand.Create(config => CarapacePaths.Resolve(_ => null, dir.Path, stateDirOption: dir.Path, configOption: config));
}
