using System.CommandLine;
using Carapace.Agent.Models;
using Carapace.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Carapace.Cli.Commands;

/// <summary><c>carapace gateway</c>: runs the gateway in the foreground until Ctrl+C, printing where and how to reach it.</summary>
public static class GatewayCommand
{
    /// <summary>The line printed when no model is configured; the gateway still starts.</summary>
    public const string NoModelLine = "No model configured: set agents.defaults.model and a provider, see README 'Configure a model'";

    public static Command Create() => Create(() => CarapacePaths.FromProcess(), new GatewayStartOptions());

    /// <summary>For tests and in-process use: the paths to use and how the host starts (environment, extra services); <c>--port</c> overrides the port.</summary>
    internal static Command Create(Func<CarapacePaths> paths, GatewayStartOptions start)
    {
        var port = new Option<int?>("--port") { Description = "Listen on this port instead of gateway.port (default 18789); 0 picks a free port." };
        var command = new Command("gateway", "Start the gateway in the foreground (Ctrl+C stops it).") { port };
        command.SetAction((parse, ct) => RunAsync(paths(), parse.GetValue(port), start, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    /// <summary>Loads the config, printing its diagnostics; null when it has errors (they are printed, with a closing line).</summary>
    internal static async Task<CarapaceSettings?> LoadOrReportAsync(CarapacePaths paths, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = await CarapaceSettings.LoadAsync(paths, cancellationToken);
        await settings.WriteDiagnosticsAsync(error);
        if (!settings.HasErrors)
        {
            return settings;
        }

        await error.WriteLineAsync($"✗ the gateway did not start: fix the errors in {paths.ConfigPath} (check with: carapace config validate)");
        return null;
    }

    private static async Task<int> RunAsync(CarapacePaths paths, int? port, GatewayStartOptions start, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await error.WriteLineAsync($"✗ --port {port} is out of range; valid: 0 (any free port) to 65535");
            return ConfigCommand.InvalidConfig;
        }

        if (await LoadOrReportAsync(paths, error, cancellationToken) is not { } settings)
        {
            return ConfigCommand.InvalidConfig;
        }

        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(settings, start with
            {
                Port = port,
                ConfigureServices = services =>
                {
                    services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("Carapace.Memory.Embeddings", LogLevel.Information));
                    start.ConfigureServices?.Invoke(services);
                },
            }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"✗ the gateway did not start: {e.Message}");
            return 1;
        }

        await using (host)
        {
            await WriteBannerAsync(host, output);
            try
            {
                await host.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop below.
            }
        }

        await output.WriteLineAsync("Gateway stopped.");
        return 0;
    }

    private static async Task WriteBannerAsync(GatewayHost host, TextWriter output)
    {
        var settings = host.Settings;
        await output.WriteLineAsync($"Carapace gateway listening on {host.BaseUrl}");
        if (!settings.Gateway.IsLoopback)
        {
            await output.WriteLineAsync($"WARNING: listening on {settings.Gateway.Address}, reachable from other machines. Keep the token secret.");
        }

        await output.WriteLineAsync($"  client API: {host.WebSocketUrl}");
        await output.WriteLineAsync($"  web chat:   {host.WebChatUrl}");
        await output.WriteLineAsync($"  token:      {host.Token}{(settings.Gateway.AuthToken is null ? $"  (stored in {settings.Paths.TokenPath})" : "  (from gateway.auth.token)")}");
        await output.WriteLineAsync($"  state dir:  {settings.Paths.StateDir}");
        await output.WriteLineAsync(settings.ConfigFileFound
            ? $"  config:     {settings.Paths.ConfigPath}"
            : $"  config:     no config file, using defaults (looked for {settings.Paths.ConfigPath})");
        var model = host.Services.GetRequiredService<ChatClientFactory>().Resolve(settings.Agents.ModelFor(settings.Agents.DefaultAgentId));
        await output.WriteLineAsync(model.IsConfigured ? $"  model:      {model.Reference}"
            : model.Problem == ModelResolution.NoModelMessage ? NoModelLine : $"  model:      not usable: {model.Problem}");
        await output.WriteLineAsync("Chat with: carapace chat, or open the web chat   Stop with: Ctrl+C");
        await output.FlushAsync();
    }
}
