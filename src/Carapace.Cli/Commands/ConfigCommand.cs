using System.CommandLine;
using Carapace.Gateway.Hosting;

namespace Carapace.Cli.Commands;

/// <summary><c>carapace config validate [file]</c>: the same diagnostics the gateway prints at start, without starting it.</summary>
public static class ConfigCommand
{
    /// <summary>Exit code when the config has errors.</summary>
    public const int InvalidConfig = 2;

    public static Command Create() => Create(() => CarapacePaths.FromProcess());

    internal static Command Create(Func<CarapacePaths> paths)
    {
        var file = new Argument<FileInfo?>("file") { Description = "The config file to check (default: CARAPACE_CONFIG, else <state>/carapace.json).", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check a config file: errors name the file, line and key path; unknown keys are warnings.") { file };
        validate.SetAction((parse, ct) =>
        {
            var resolved = paths();
            var explicitFile = parse.GetValue(file);
            return ValidateAsync(
                explicitFile is null ? resolved : resolved with { ConfigPath = explicitFile.FullName },
                explicitFile is not null,
                parse.InvocationConfiguration.Output,
                ct);
        });

        return new Command("config", "Work with the config file.") { validate };
    }

    private static async Task<int> ValidateAsync(CarapacePaths paths, bool mustExist, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.ConfigPath))
        {
            if (mustExist)
            {
                await output.WriteLineAsync($"✗ {paths.ConfigPath}: no such file");
                return InvalidConfig;
            }

            await output.WriteLineAsync($"✓ no config file at {paths.ConfigPath}; every default applies");
            return 0;
        }

        var settings = await CarapaceSettings.LoadAsync(paths, cancellationToken);
        await settings.WriteDiagnosticsAsync(output);
        var errors = settings.Document.Diagnostics.Count(d => d.Severity == Core.Config.ConfigSeverity.Error);
        var warnings = settings.Document.Diagnostics.Count - errors;
        await output.WriteLineAsync(errors == 0
            ? $"✓ {paths.ConfigPath} is valid ({Plural(warnings, "warning")})"
            : $"✗ {paths.ConfigPath}: {Plural(errors, "error")}, {Plural(warnings, "warning")}; the gateway will not start until the errors are fixed");
        return errors == 0 ? 0 : InvalidConfig;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
