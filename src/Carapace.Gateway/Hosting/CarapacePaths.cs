namespace Carapace.Gateway.Hosting;

/// <summary>
/// Where Carapace keeps its state and reads its config, resolved once so every command agrees: state dir = the
/// option, else <c>CARAPACE_STATE_DIR</c>, else <c>~/.carapace</c>; config = the option, else <c>CARAPACE_CONFIG</c>,
/// else <c>&lt;state&gt;/carapace.json</c>. A config file the user named must exist; the default one may be absent.
/// </summary>
public sealed record CarapacePaths(string StateDir, string ConfigPath, bool ConfigIsExplicit = false)
{
    /// <summary>The environment variable that names the state directory.</summary>
    public const string StateDirVariable = "CARAPACE_STATE_DIR";

    /// <summary>The environment variable that names the config file.</summary>
    public const string ConfigVariable = "CARAPACE_CONFIG";

    /// <summary>The client token file written on first start (mode 600).</summary>
    public string TokenPath => Path.Combine(StateDir, "gateway.token");

    /// <summary>The SQLite file of the session store.</summary>
    public string SessionsDatabasePath => Path.Combine(StateDir, "sessions.sqlite");

    /// <summary>Resolves the paths from command-line overrides, an environment lookup and the user's home directory.</summary>
    public static CarapacePaths Resolve(
        Func<string, string?> environment, string homeDirectory, string? stateDirOption = null, string? configOption = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var state = NonBlank(stateDirOption) ?? NonBlank(environment(StateDirVariable)) ?? Path.Combine(homeDirectory, ".carapace");
        var named = NonBlank(configOption) ?? NonBlank(environment(ConfigVariable));
        var config = named ?? Path.Combine(state, "carapace.json");
        return new CarapacePaths(
            Path.GetFullPath(Expand(state, homeDirectory)), Path.GetFullPath(Expand(config, homeDirectory)), named is not null);
    }

    /// <summary>The paths of this process (its environment variables and home directory), with optional overrides.</summary>
    public static CarapacePaths FromProcess(string? stateDirOption = null, string? configOption = null) =>
        Resolve(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), stateDirOption, configOption);

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Expand(string path, string home) =>
        path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
}
