using Carapace.Core.Config;

namespace Carapace.Cli;

/// <summary>
/// Finds and reads the config file the same way for every command (<c>--config</c>, then <c>CARAPACE_CONFIG</c>, then
/// <c>~/.carapace/carapace.json</c>), so they all agree on which file is in force.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The environment variable that names the config file.</summary>
    public const string EnvironmentVariable = "CARAPACE_CONFIG";

    /// <summary>
    /// The file to read and whether the user named it. A file the user named must exist; the default location may be
    /// absent, and then every default applies.
    /// </summary>
    public static (string Path, bool Explicit) Resolve(string? option, Func<string, string?> environment, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(option))
        {
            return (Path.GetFullPath(option), true);
        }

        var fromEnvironment = environment(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? (Path.Combine(homeDirectory, ".carapace", "carapace.json"), false)
            : (Path.GetFullPath(fromEnvironment), true);
    }

    /// <summary>Resolves the file from the process environment and reads it.</summary>
    public static Task<ConfigDocument> LoadAsync(string? option, CancellationToken cancellationToken)
    {
        var (path, isExplicit) = Resolve(option, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return LoadAsync(path, isExplicit, cancellationToken);
    }

    /// <summary>Reads and parses a config file; problems become error diagnostics, never exceptions.</summary>
    public static async Task<ConfigDocument> LoadAsync(string path, bool isExplicit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return ConfigDocument.Unreadable(path, "is a directory; name the config file itself");
        }

        if (!File.Exists(path))
        {
            return isExplicit ? ConfigDocument.Unreadable(path, "config file not found") : ConfigDocument.Empty(path);
        }

        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return ConfigDocument.Parse(text, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ConfigDocument.Unreadable(path, $"cannot read the config file: {e.Message}");
        }
    }
}
