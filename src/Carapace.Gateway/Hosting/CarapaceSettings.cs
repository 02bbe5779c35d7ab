using Carapace.Core.Config;

namespace Carapace.Gateway.Hosting;

/// <summary>
/// The one place where the config file is read and every project's section is bound, so <c>carapace gateway</c>,
/// <c>config validate</c> and <c>doctor</c> report exactly the same diagnostics.
/// </summary>
public sealed record CarapaceSettings
{
    /// <summary>Where state and config live.</summary>
    public required CarapacePaths Paths { get; init; }

    /// <summary>The parsed document with every diagnostic of binding it.</summary>
    public required ConfigDocument Document { get; init; }

    /// <summary>False when no config file exists and every default applies.</summary>
    public required bool ConfigFileFound { get; init; }

    /// <summary>The <c>gateway</c> section.</summary>
    public required GatewayOptions Gateway { get; init; }

    /// <summary>The default agent's model reference (<c>provider/model</c>), or null when none is configured.</summary>
    public string? Model { get; init; }

    /// <summary>True when the config has errors and nothing may start.</summary>
    public bool HasErrors => Document.HasErrors;

    /// <summary>Reads and binds the config at <see cref="CarapacePaths.ConfigPath"/>; a missing file means all defaults.</summary>
    public static async Task<CarapaceSettings> LoadAsync(CarapacePaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = File.Exists(paths.ConfigPath);
        var document = found
            ? ConfigDocument.Parse(await File.ReadAllTextAsync(paths.ConfigPath, cancellationToken), paths.ConfigPath)
            : ConfigDocument.Empty(paths.ConfigPath);
        return Bind(paths, document, found);
    }

    /// <summary>Binds every section of a parsed document, then reports the keys nobody read.</summary>
    public static CarapaceSettings Bind(CarapacePaths paths, ConfigDocument document, bool configFileFound)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root;
        var gateway = GatewayOptions.Bind(root["gateway"]);

        // Integration hooks: each project's binder is called here, one line per section, before ReportUnknownKeys:
        //   routing = RoutingConfig.Bind(root);  session = SessionPolicyOptions.Bind(root["session"]);
        //   agent = AgentOptions.Bind(root["agents"]["defaults"]);  providers = ModelProviderOptions.Bind(root["models"]);
        //   memory = MemoryOptions.Bind(root["memory"]);  crabcallr = CrabCallrOptions.Bind(root["channels"]["crabcallr"]);
        // and Model below becomes the default agent's model reference from the routing config.
        document.ReportUnknownKeys();

        return new CarapaceSettings
        {
            Paths = paths,
            Document = document,
            ConfigFileFound = configFileFound,
            Gateway = gateway,
        };
    }

    /// <summary>Writes every diagnostic, one per line (<c>file:line: error: key.path: message</c>).</summary>
    public async Task WriteDiagnosticsAsync(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var diagnostic in Document.Diagnostics)
        {
            await writer.WriteLineAsync(diagnostic.ToString());
        }
    }
}
