using Carapace.Gateway.Hosting;

namespace Carapace.Gateway.Tests.Hosting;

public sealed class CarapacePathsTests
{
    public static TheoryData<string?, string?, string, string> Rows => new()
    {
        { null, null, "/home/u/.carapace", "/home/u/.carapace/carapace.json" },
        { "", "  ", "/home/u/.carapace", "/home/u/.carapace/carapace.json" },
        { "/srv/state", null, "/srv/state", "/srv/state/carapace.json" },
        { null, "/etc/openclaw.json", "/home/u/.carapace", "/etc/openclaw.json" },
        { "~/other", "~/cfg/c.json5", "/home/u/other", "/home/u/cfg/c.json5" },
        { "/srv/a/../b", null, "/srv/b", "/srv/b/carapace.json" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resolve_Environment_PicksStateDirAndConfig(string? stateDir, string? config, string expectedState, string expectedConfig)
    {
        var env = new Dictionary<string, string?> { ["CARAPACE_STATE_DIR"] = stateDir, ["CARAPACE_CONFIG"] = config };

        var paths = CarapacePaths.Resolve(name => env.GetValueOrDefault(name), "/home/u");

        Assert.Equal((expectedState, expectedConfig), (paths.StateDir, paths.ConfigPath));
        Assert.Equal(Path.Combine(expectedState, "gateway.token"), paths.TokenPath);
        Assert.Equal(Path.Combine(expectedState, "sessions.sqlite"), paths.SessionsDatabasePath);
    }

    public static TheoryData<string?, string?, string?, string?, string, string, bool> OverrideRows => new()
    {
        { null, null, null, null, "/home/u/.carapace", "/home/u/.carapace/carapace.json", false },
        { "/cli/state", null, "/env/state", null, "/cli/state", "/cli/state/carapace.json", false },
        { null, "/cli/c.json", null, "/env/c.json", "/home/u/.carapace", "/cli/c.json", true },
        { null, null, null, "/env/c.json", "/home/u/.carapace", "/env/c.json", true },
    };

    [Theory]
    [MemberData(nameof(OverrideRows))]
    public void Resolve_OptionsBeforeEnvironment_NamedConfigIsExplicit(
        string? stateOption, string? configOption, string? stateEnv, string? configEnv, string expectedState, string expectedConfig, bool isExplicit)
    {
        var env = new Dictionary<string, string?> { ["CARAPACE_STATE_DIR"] = stateEnv, ["CARAPACE_CONFIG"] = configEnv };

        var paths = CarapacePaths.Resolve(name => env.GetValueOrDefault(name), "/home/u", stateOption, configOption);

        Assert.Equal((expectedState, expectedConfig, isExplicit), (paths.StateDir, paths.ConfigPath, paths.ConfigIsExplicit));
    }
}
