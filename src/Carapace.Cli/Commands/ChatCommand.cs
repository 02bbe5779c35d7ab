using System.CommandLine;
using Carapace.Cli.Chat;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace chat</c>: a terminal chat as channel <c>tui</c>, direct peer = the OS user name (or <c>--peer</c>), to
/// the running gateway with the token from the state dir; <c>--local</c> starts a gateway in-process instead.
/// </summary>
public static class ChatCommand
{
    public static Command Create() => Create(() => CarapacePaths.FromProcess(), Console.In, configureServices: null);

    /// <summary>For tests: the paths, the input to read lines from, and services for an in-process gateway.</summary>
    internal static Command Create(Func<CarapacePaths> paths, TextReader input, Action<IServiceCollection>? configureServices)
    {
        var url = new Option<Uri?>("--url") { Description = "The gateway's client API (default ws://127.0.0.1:<gateway.port>/ws).", CustomParser = ParseWebSocketUrl };
        var token = new Option<string?>("--token") { Description = "The client token (default: <state>/gateway.token)." };
        var peer = new Option<string?>("--peer") { Description = "Who you are on the tui channel (default: your OS user name)." };
        var local = new Option<bool>("--local") { Description = "Start a gateway inside this process (on a free port) instead of connecting to one." };
        var command = new Command("chat", "Chat with your agent in the terminal.") { url, token, peer, local };
        command.SetAction((parse, ct) =>
        {
            var options = new ChatOptions(parse.GetValue(url), parse.GetValue(token), NonBlank(parse.GetValue(peer)) ?? Environment.UserName.ToLowerInvariant(), parse.GetValue(local));
            return RunAsync(paths(), options, input, configureServices, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CarapacePaths paths, ChatOptions options, TextReader input, Action<IServiceCollection>? configureServices, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await GatewayCommand.LoadOrReportAsync(paths, error, cancellationToken) is not { } settings)
        {
            return ConfigCommand.InvalidConfig;
        }

        GatewayHost? local = null;
        try
        {
            if (options.Local)
            {
                local = await GatewayHost.StartAsync(settings, new GatewayStartOptions { Port = 0, ConfigureServices = configureServices }, cancellationToken);
            }

            var wsUrl = local?.WebSocketUrl ?? options.Url ?? new Uri($"ws://127.0.0.1:{settings.Gateway.Port}/ws");
            var tokenText = local?.Token ?? options.Token ?? settings.Gateway.AuthToken ?? await ReadTokenAsync(paths, cancellationToken);
            if (tokenText is null)
            {
                await error.WriteLineAsync($"No gateway token at {paths.TokenPath}: start the gateway first with `carapace gateway` (it creates the token), or run `carapace chat --local`.");
                return 1;
            }

            await using var client = await GatewayClient.ConnectAsync(wsUrl, tokenText, cancellationToken);
            using var health = new HttpClient { BaseAddress = new UriBuilder(wsUrl) { Scheme = "http", Path = "/" }.Uri, Timeout = TimeSpan.FromSeconds(5) };
            await output.WriteLineAsync($"Connected to {wsUrl}");
            return await new ChatLoop(client, health, options.Peer, input, output).RunAsync(cancellationToken);
        }
        catch (GatewayConnectException e)
        {
            await error.WriteLineAsync($"{e.Message}.");
            await error.WriteLineAsync("Start a gateway with `carapace gateway` in another terminal, or run `carapace chat --local`.");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"The in-process gateway did not start: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static Uri? ParseWebSocketUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss")
        {
            return uri;
        }

        result.AddError($"--url '{text}' is not a WebSocket URL; expected e.g. ws://127.0.0.1:18789/ws");
        return null;
    }

    private static async Task<string?> ReadTokenAsync(CarapacePaths paths, CancellationToken cancellationToken) =>
        File.Exists(paths.TokenPath) ? NonBlank(await File.ReadAllTextAsync(paths.TokenPath, cancellationToken)) : null;

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record ChatOptions(Uri? Url, string? Token, string Peer, bool Local);
}
