namespace Carapace.Gateway.Hosting;

/// <summary>
/// Where Carapace keeps its state and reads its config, resolved once from the environment so every command agrees:
/// state dir = <c>CARAPACE_STATE_DIR</c> else <c>~/.carapace</c>; config = <c>CARAPACE_CONFIG</c> else <c>&lt;state&gt;/carapace.json</c>.
/// </summary>
public sealed record CarapacePaths(string StateDir, string ConfigPath)
{
    /// <summary>The client token file written on first start (mode 600).</summary>
    public string TokenPath => Path.Combine(StateDir, "gateway.token");

    /// <summary>The SQLite file of the session store.</summary>
    public string SessionsDatabasePath => Path.Combine(StateDir, "sessions.sqlite");

    /// <summary>Resolves the paths from an environment lookup and the user's home directory.</summary>
    public static CarapacePaths Resolve(Func<string, string?> environment, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var state = NonBlank(environment("CARAPACE_STATE_DIR")) ?? Path.Combine(homeDirectory, ".carapace");
        var config = NonBlank(environment("CARAPACE_CONFIG")) ?? Path.Combine(state, "carapace.json");
        return new CarapacePaths(Path.GetFullPath(Expand(state, homeDirectory)), Path.GetFullPath(Expand(config, homeDirectory)));
    }

    /// <summary>The paths of this process: its environment variables and home directory.</summary>
    public static CarapacePaths FromProcess() =>
        Resolve(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Expand(string path, string home) =>
        path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
}
