using System.Net.Http.Json;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;

namespace Carapace.Cli.Chat;

/// <summary>
/// The terminal chat's read/print loop, separate from the console so tests drive it with a reader and a writer: each
/// line is sent as the <c>tui</c> direct peer, the reply streams back as it arrives. <c>/new</c> and <c>/reset</c> go
/// to the gateway like any message (the pipeline handles them); <c>/status</c> and <c>/quit</c> stay local.
/// </summary>
internal sealed class ChatLoop(GatewayClient client, HttpClient health, string peer, TextReader input, TextWriter output)
{
    /// <summary>The channel the terminal chat speaks as.</summary>
    public const string Channel = "tui";

    private string? _sessionKey;

    /// <summary>Runs until /quit or end of input (0), or until the gateway goes away (1).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Chatting as {Channel} peer '{peer}'. Commands: /new, /reset, /status, /quit.");
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text is "/quit" or "/exit")
            {
                break;
            }

            if (text == "/status")
            {
                await StatusAsync(cancellationToken);
                continue;
            }

            if (!await ExchangeAsync(text, cancellationToken))
            {
                await output.WriteLineAsync("The gateway closed the connection. Start it again with: carapace gateway");
                return 1;
            }
        }

        return 0;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync("> ");
        await output.FlushAsync(cancellationToken);
        return await input.ReadLineAsync(cancellationToken);
    }

    /// <summary>Sends one message and prints its reply; false when the connection ended first.</summary>
    private async Task<bool> ExchangeAsync(string text, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        try
        {
            await client.SendAsync(new SendFrame(id, Channel, new Peer(ChatType.Direct, peer), peer, text, null), cancellationToken);
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return false;
        }

        var streamed = false;
        await foreach (var frame in client.Frames.ReadAllAsync(cancellationToken))
        {
            if (frame.Id is not null && frame.Id != id)
            {
                continue;
            }

            switch (frame.Type)
            {
                case ServerFrame.Types.Accepted:
                    _sessionKey = frame.SessionKey;
                    break;
                case ServerFrame.Types.Delta:
                    streamed = true;
                    await output.WriteAsync(frame.Text);
                    await output.FlushAsync(cancellationToken);
                    break;
                case ServerFrame.Types.Final:
                    await output.WriteLineAsync(streamed ? "" : frame.Text);
                    return true;
                case ServerFrame.Types.Error:
                    await output.WriteLineAsync($"{(streamed ? Environment.NewLine : "")}! {frame.Message}");
                    if (frame.Id == id)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private async Task StatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await health.GetFromJsonAsync<HealthReport>("/health", WireJson.Options, cancellationToken);
            await output.WriteLineAsync($"gateway: {report!.Status}, version {report.Version}, up {TimeSpan.FromSeconds(Math.Floor(report.UptimeSeconds))}");
            await output.WriteLineAsync(report.Model is { } model ? $"model:   {model}" : "model:   not configured (set agents.defaults.model and a provider)");
        }
        catch (HttpRequestException e)
        {
            await output.WriteLineAsync($"gateway: not reachable ({e.Message})");
        }

        await output.WriteLineAsync($"session: {_sessionKey ?? "none yet (send a message first)"}");
    }
}
