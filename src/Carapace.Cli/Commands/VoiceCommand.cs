using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Gateway.Hosting;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace voice relay</c> runs the self-hosted CrabCallr relay; <c>carapace voice call</c> phones your agent
/// through it as a simulated caller, so the whole phone path can be tried without the hosted service.
/// </summary>
public static class VoiceCommand
{
    private static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "The config file with a voice.relay section (default: CARAPACE_CONFIG, else <state>/carapace.json)",
    };

    public static Command Create() => Create(config => CarapacePaths.FromProcess(configOption: config));

    /// <summary>For tests: how the paths are resolved from the <c>--config</c> option.</summary>
    internal static Command Create(Func<string?, CarapacePaths> paths)
    {
        var voice = new Command("voice", "Phone calls: the self-hosted CrabCallr relay and a simulated caller.");
        voice.Subcommands.Add(CreateRelay(paths));
        voice.Subcommands.Add(CreateCall(paths));
        return voice;
    }

    private static Command CreateRelay(Func<string?, CarapacePaths> paths)
    {
        var port = new Option<int?>("--port") { Description = "Listen on this port instead of voice.relay.port (default 8080)" };
        var relay = new Command("relay", "Run the relay: agent hosts connect to /plugin, voice agents to /agent, health at /health.") { ConfigOption, port };
        relay.SetAction(async (result, cancellationToken) =>
        {
            if (await LoadRelayOptionsAsync(paths(result.GetValue(ConfigOption)), result.InvocationConfiguration.Error, cancellationToken) is not { } options)
            {
                return ConfigCommand.InvalidConfig;
            }

            options = result.GetValue(port) is { } p ? options with { Port = p } : options;
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.None));
            RelayHost host;
            try
            {
                host = await RelayHost.StartAsync(options, TimeProvider.System, logging, cancellationToken);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"Cannot listen on {options.Host}:{options.Port}: {e.Message} (use --port or voice.relay.port)");
                return 1;
            }

            await using var running = host;
            Console.WriteLine($"CrabCallr relay listening. Agent hosts: {host.PluginUri}  Voice agents: {host.AgentUri}  Users: {options.ApiKeys.Count}");
            Console.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Relay stopped.");
            }

            return 0;
        });
        return relay;
    }

    private static Command CreateCall(Func<string?, CarapacePaths> paths)
    {
        var url = new Option<string?>("--url") { Description = "The relay's voice-agent endpoint (default: ws://<voice.relay.host>:<voice.relay.port>/agent)" };
        var user = new Option<string?>("--user") { Description = "Whose agent to call (default: the first user in voice.relay.apiKeys)" };
        var text = new Option<string[]>("--text") { Description = "What the caller says; repeat for several turns. Without it, type lines (empty line hangs up)." };
        var quiet = new Option<double>("--quiet") { Description = "Seconds without a new utterance that end an answer", DefaultValueFactory = _ => 2.0 };
        var call = new Command("call", "Phone your agent through the relay as a simulated caller and print every utterance with its latency.")
        {
            ConfigOption, url, user, text, quiet,
        };
        call.SetAction(async (result, cancellationToken) =>
        {
            if (await LoadRelayOptionsAsync(paths(result.GetValue(ConfigOption)), result.InvocationConfiguration.Error, cancellationToken) is not { } options)
            {
                return ConfigCommand.InvalidConfig;
            }

            var userId = result.GetValue(user) ?? options.ApiKeys.Keys.FirstOrDefault();
            if (userId is null)
            {
                Console.Error.WriteLine("No user to call: pass --user or list one under voice.relay.apiKeys.");
                return 1;
            }

            var urlText = result.GetValue(url) ?? DefaultAgentUrl(options);
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var agentUri) || agentUri.Scheme is not ("ws" or "wss"))
            {
                Console.Error.WriteLine($"--url: '{urlText}' is not a ws:// or wss:// URL");
                return 1;
            }

            VoiceCaller caller;
            try
            {
                caller = await VoiceCaller.ConnectAsync(agentUri, options.AgentSecret, "carapace-voice-call", TimeProvider.System, cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Net.WebSockets.WebSocketException or HttpRequestException)
            {
                Console.Error.WriteLine($"Cannot call through {agentUri}: {e.Message} (is `carapace voice relay` running?)");
                return 1;
            }

            await using var connected = caller;
            if (!await caller.IsPluginConnectedAsync(userId, cancellationToken))
            {
                Console.WriteLine($"Note: no agent host is connected for {userId}; the relay will answer with its error line.");
            }

            var lines = result.GetValue(text) is { Length: > 0 } given ? given.ToAsyncEnumerable() : ReadLinesAsync(cancellationToken);
            return await ConverseAsync(caller, userId, lines, TimeSpan.FromSeconds(result.GetValue(quiet)), cancellationToken);
        });
        return call;
    }

    private static async Task<int> ConverseAsync(VoiceCaller caller, string userId, IAsyncEnumerable<string> lines, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var callId = string.Create(CultureInfo.InvariantCulture, $"call_{startedAt.ToUnixTimeMilliseconds()}_{Guid.NewGuid().ToString("N")[..7]}");
        await caller.StartCallAsync(userId, callId, CallSources.Browser, cancellationToken);
        Console.WriteLine($"Calling {userId} (call {callId}).");
        var turn = 0;
        var hungUp = false;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            if (line.Length == 0)
            {
                break;
            }

            var messageId = string.Create(CultureInfo.InvariantCulture, $"usr_{++turn:D3}");
            Console.WriteLine($"caller> {line}");
            var sentAt = Stopwatch.GetTimestamp();
            await caller.SendUserMessageAsync(userId, callId, messageId, line, cancellationToken);
            hungUp = await PrintAnswerAsync(caller, sentAt, quiet, cancellationToken);
            if (hungUp)
            {
                break;
            }
        }

        if (!hungUp)
        {
            await caller.EndCallAsync(userId, callId, CallSources.Browser, startedAt, cancellationToken);
        }

        Console.WriteLine(hungUp ? "The agent ended the call." : "Call ended.");
        return 0;
    }

    // Prints utterances until none arrives for `quiet` (after the first) or the agent hangs up; true when it hung up.
    private static async Task<bool> PrintAnswerAsync(VoiceCaller caller, long sentAt, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var heardAnything = false;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(heardAnything ? quiet : TimeSpan.FromSeconds(75));
            ReceivedFrame received;
            try
            {
                received = await caller.Received.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!heardAnything)
                {
                    Console.WriteLine("(no answer within 75 s)");
                }

                return false;
            }

            var ms = Stopwatch.GetElapsedTime(sentAt, received.ReceivedAt).TotalMilliseconds;
            switch (received.Frame)
            {
                case UtteranceFrame u:
                    heardAnything = true;
                    Console.WriteLine($"agent>  [{ms,7:F0} ms {u.UtteranceId}] {u.Text}{(u.EndCall == true ? "  (hangs up)" : "")}");
                    if (u.EndCall == true)
                    {
                        return true;
                    }

                    break;
                case CallEndRequestFrame:
                    Console.WriteLine($"agent>  [{ms,7:F0} ms] (hangs up)");
                    return true;
            }
        }
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Console.WriteLine("Type what the caller says; an empty line hangs up.");
        while (!cancellationToken.IsCancellationRequested && await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line.Trim();
        }
    }

    // The relay listens on every address for 0.0.0.0 / ::, so the caller dials loopback then.
    private static string DefaultAgentUrl(RelayOptions options)
    {
        var host = options.Host is "0.0.0.0" or "::" ? "127.0.0.1" : options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        return string.Create(CultureInfo.InvariantCulture, $"ws://{host}:{options.Port}/agent");
    }

    // The same config loading as every command (state dir, CARAPACE_CONFIG, --config), so diagnostics match `config validate`.
    private static async Task<RelayOptions?> LoadRelayOptionsAsync(CarapacePaths paths, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = await CarapaceSettings.LoadAsync(paths, cancellationToken);
        await settings.WriteDiagnosticsAsync(error);
        if (settings.HasErrors)
        {
            await error.WriteLineAsync($"✗ fix the errors in {paths.ConfigPath} first (check with: carapace config validate)");
            return null;
        }

        if (settings.VoiceRelay is null)
        {
            await error.WriteLineAsync(
                $"✗ {paths.ConfigPath} has no voice.relay section; add one, e.g. {{ voice: {{ relay: {{ agentSecret: '<16+ chars>', apiKeys: {{ me: 'cc_<32 hex>' }} }} }} }}, or pass --config.");
            return null;
        }

        return settings.VoiceRelay;
    }
}
