using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Config;
using Carapace.Memory.Facts;
using Carapace.Memory.Search;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Voice.Relay;

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

    /// <summary>Agents, bindings, dmScope, identity links and owners: everything the router needs.</summary>
    public required RoutingConfig Routing { get; init; }

    /// <summary>Reset policy, reset triggers and send policy of the <c>session</c> section.</summary>
    public required SessionPolicyOptions SessionPolicy { get; init; }

    /// <summary>Each agent's model, workspace and prompt limits.</summary>
    public required AgentOptions Agents { get; init; }

    /// <summary>Memory files: search, embeddings, chunking and sync (<c>memory.search</c> or <c>agents.defaults.memorySearch</c>).</summary>
    public required MemorySearchOptions MemorySearch { get; init; }

    /// <summary>Automatic memory: <c>memory.scope</c>, <c>memory.capture</c> and <c>memory.recall</c>.</summary>
    public FactMemoryOptions FactMemory { get; init; } = new();

    /// <summary>The <c>models</c> section: providers, their endpoints, keys and retry limits.</summary>
    public required ModelsOptions Models { get; init; }

    /// <summary>The <c>channels.crabcallr</c> accounts (phone calls); none when the section is absent.</summary>
    public CrabCallrChannelOptions CrabCallr { get; init; } = new();

    /// <summary>The <c>voice.relay</c> section for <c>carapace voice relay|call</c>; null when absent.</summary>
    public RelayOptions? VoiceRelay { get; init; }

    /// <summary>True when the config has errors and nothing may start.</summary>
    public bool HasErrors => Document.HasErrors;

    /// <summary>
    /// Reads and binds the config at <see cref="CarapacePaths.ConfigPath"/>. A missing default file means all defaults;
    /// a missing named file, a directory or an unreadable file is an error diagnostic, never an exception.
    /// </summary>
    public static async Task<CarapaceSettings> LoadAsync(CarapacePaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.ConfigPath;
        if (Directory.Exists(path))
        {
            return Bind(paths, ConfigDocument.Unreadable(path, "is a directory; name the config file itself"), configFileFound: false);
        }

        if (!File.Exists(path))
        {
            var document = paths.ConfigIsExplicit ? ConfigDocument.Unreadable(path, "config file not found") : ConfigDocument.Empty(path);
            return Bind(paths, document, configFileFound: false);
        }

        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return Bind(paths, ConfigDocument.Parse(text, path), configFileFound: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Bind(paths, ConfigDocument.Unreadable(path, $"cannot read the config file: {e.Message}"), configFileFound: true);
        }
    }

    /// <summary>Binds every section of a parsed document, then reports the keys nobody read.</summary>
    public static CarapaceSettings Bind(CarapacePaths paths, ConfigDocument document, bool configFileFound)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root;
        var gateway = GatewayOptions.Bind(root["gateway"]);
        var routing = RoutingConfig.Bind(root);
        var sessionPolicy = SessionPolicyOptions.Bind(root["session"]);
        var agents = AgentOptions.Bind(root["agents"], routing, paths.StateDir);
        var models = ModelsOptions.Bind(root["models"]);
        var memorySearch = MemorySearchOptions.BindRoot(root);
        memorySearch = memorySearch with { Embeddings = memorySearch.Embeddings with { ModelCacheDirectory = memorySearch.Embeddings.ModelCacheDirectory ?? Path.Combine(paths.StateDir, "models") } };
        var factMemory = FactMemoryOptions.Bind(root["memory"]);
        var crabCallr = CrabCallrChannelOptions.Bind(root["channels"]["crabcallr"]);
        var relay = root["voice"]["relay"] is { Exists: true } relaySection ? RelayOptions.Bind(relaySection) : null;
        document.ReportUnknownKeys();

        return new CarapaceSettings
        {
            Paths = paths,
            Document = document,
            ConfigFileFound = configFileFound,
            Gateway = gateway,
            Routing = routing,
            SessionPolicy = sessionPolicy,
            Agents = agents,
            Models = models,
            MemorySearch = memorySearch,
            FactMemory = factMemory,
            CrabCallr = crabCallr,
            VoiceRelay = relay,
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
