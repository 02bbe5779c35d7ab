using System.Diagnostics;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Sessions.Sqlite;

namespace Carapace.Cli.Tests;

/// <summary>
/// Invariant 4 at the gateway level: the real <c>carapace gateway</c> runs as a child process, takes a burst of messages
/// over its WebSocket API, and is killed with SIGKILL mid-burst; every message it acknowledged is in the transcript.
/// </summary>
public sealed class GatewayCrashTests
{
    // Far more than the gateway can acknowledge before the kill lands, even on an idle machine (3,000 once all got
    // acknowledged first), so the kill always falls mid-burst.
    private const int Burst = 50_000;
    private const int AcceptedBeforeKill = 150;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AcknowledgedMessageIsDurableAfterTheGatewayIsKilled()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{ session: { dmScope: 'per-channel-peer' } }");
        using var timeout = new CancellationTokenSource(Deadline);
        using var gateway = StartGateway(dir.Path);
        try
        {
            var port = await ListeningPortAsync(gateway, timeout.Token);
            var token = (await File.ReadAllTextAsync(dir.File("gateway.token"), timeout.Token)).Trim();
            await using var client = await GatewayClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), token, timeout.Token);
            var texts = Enumerable.Range(0, Burst).Select(i => $"burst {i:D5} for peer p{i % 4}").ToArray();
            var sending = SendAllAsync(client, texts, timeout.Token);

            var accepted = new Dictionary<string, ServerFrame>();
            await foreach (var frame in client.Frames.ReadAllAsync(timeout.Token))
            {
                if (frame.Type == ServerFrame.Types.Accepted)
                {
                    accepted.Add(frame.Id!, frame);
                    if (accepted.Count == AcceptedBeforeKill)
                    {
                        gateway.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
                    }
                }
            }

            await gateway.WaitForExitAsync(timeout.Token);
            await sending;
            Assert.InRange(accepted.Count, AcceptedBeforeKill, Burst - 1); // killed mid-burst, after the acknowledgements counted

            await using var database = await SqliteSessionDatabase.OpenAsync(dir.Path, timeout.Token);
            var sessions = new SqliteSessionStore(database);
            var transcripts = new SqliteTranscriptStore(database);
            foreach (var group in accepted.Values.GroupBy(a => a.SessionKey!))
            {
                var session = await sessions.GetAsync(group.Key, timeout.Token);
                Assert.NotNull(session);
                var lines = (await transcripts.ReadAsync(session.SessionId, 0, timeout.Token)).ToDictionary(l => l.Seq);
                foreach (var ack in group)
                {
                    Assert.True(lines.TryGetValue(ack.Seq!.Value, out var line), $"acknowledged message {ack.Id} (seq {ack.Seq}) is missing after the kill");
                    var index = int.Parse(ack.Id![1..], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal((texts[index], ack.Id, "user"), (line.Text, line.ChannelMessageId, line.Role));
                    Assert.Equal($"agent:main:tui:direct:p{index % 4}", group.Key);
                }
            }
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
                await gateway.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static async Task SendAllAsync(GatewayClient client, string[] texts, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < texts.Length; i++)
            {
                var peer = $"p{i % 4}";
                await client.SendAsync(new SendFrame($"m{i}", "tui", new Peer(ChatType.Direct, peer), peer, texts[i], null), cancellationToken);
            }
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            // The gateway was killed while the burst was still being sent: expected.
        }
    }

    /// <summary>Starts the built CLI (carapace.dll, copied next to the tests) with its own state dir and no model or keys from this environment.</summary>
    private static Process StartGateway(string stateDir)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "carapace.dll"));
        info.ArgumentList.Add("gateway");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        foreach (var name in new[] { "CARAPACE_CONFIG", "CARAPACE_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["CARAPACE_STATE_DIR"] = stateDir;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start carapace gateway");
        process.ErrorDataReceived += (_, _) => { }; // drain stderr so the child never blocks on a full pipe
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The port from the banner line "Carapace gateway listening on http://127.0.0.1:&lt;port&gt;/".</summary>
    private static async Task<int> ListeningPortAsync(Process gateway, CancellationToken cancellationToken)
    {
        const string Prefix = "Carapace gateway listening on ";
        while (await gateway.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var port = new Uri(line[Prefix.Length..]).Port;
                _ = gateway.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep draining stdout
                return port;
            }
        }

        throw new InvalidOperationException("carapace gateway closed its output before it printed where it listens");
    }
}
