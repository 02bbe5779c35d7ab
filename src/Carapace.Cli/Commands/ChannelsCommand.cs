using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Carapace.Core.Channels;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.Hosting;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace channels status</c>: asks the running gateway's <c>/health</c> how each channel account is doing
/// (connected, reconnect attempts, active calls or conversations, last error), so a dead phone line is visible at a glance.
/// </summary>
public static class ChannelsCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static Command Create() => Create(() => CarapacePaths.FromProcess());

    internal static Command Create(Func<CarapacePaths> paths)
    {
        var status = new Command("status", "Show each channel account of the running gateway: connected, reconnects, active conversations, last error.");
        status.SetAction((parse, ct) => StatusAsync(paths(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return new Command("channels", "Work with the gateway's channels.") { status };
    }

    private static async Task<int> StatusAsync(CarapacePaths paths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await GatewayCommand.LoadOrReportAsync(paths, error, cancellationToken) is not { } settings)
        {
            return ConfigCommand.InvalidConfig;
        }

        var host = IPAddress.Any.Equals(settings.Gateway.ListenAddress) || IPAddress.IPv6Any.Equals(settings.Gateway.ListenAddress)
            ? IPAddress.Loopback
            : settings.Gateway.ListenAddress;
        var url = new UriBuilder("http", host.ToString(), settings.Gateway.Port, "/health").Uri;
        HealthReport? report;
        try
        {
            using var http = new HttpClient { Timeout = ProbeTimeout };
            report = await http.GetFromJsonAsync<HealthReport>(url, WireJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is TaskCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : e.Message;
            await error.WriteLineAsync($"✗ the gateway is not running at {url} ({reason}); start it with `carapace gateway`");
            return 1;
        }

        if (report is null || report.Channels.Count == 0)
        {
            await output.WriteLineAsync("The gateway is running but has no channels.");
            return 0;
        }

        await WriteTableAsync(output, report.Channels);
        return 0;
    }

    private static async Task WriteTableAsync(TextWriter output, IReadOnlyList<ChannelStatus> channels)
    {
        string[] header = ["CHANNEL", "ACCOUNT", "STATE", "RECONNECTS", "ACTIVE", "LAST ERROR"];
        var rows = channels.Select(c => new[]
        {
            c.Channel,
            c.AccountId,
            c.Connected ? "connected" : "disconnected",
            c.ReconnectAttempts.ToString(CultureInfo.InvariantCulture),
            c.ActiveConversations.ToString(CultureInfo.InvariantCulture),
            string.IsNullOrWhiteSpace(c.LastError) ? "-" : c.LastError.ReplaceLineEndings(" "),
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Take(widths.Length).Select((cell, i) => cell.PadRight(widths[i])).Append(row[^1]);
            await output.WriteLineAsync(string.Join("  ", cells));
        }
    }
}
