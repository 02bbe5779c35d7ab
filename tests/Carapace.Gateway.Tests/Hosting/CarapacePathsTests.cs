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
}
