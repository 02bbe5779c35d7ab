using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Carapace.Testing.Browser;

/// <summary>
/// A real headless Chromium driven over the Chrome DevTools Protocol on loopback: enough of it to open pages in
/// isolated browser contexts (own cookies and storage, like separate people), type, press keys and evaluate script.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
    ];

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, BrowserTab> _tabs = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _nextId;

    private HeadlessChromium(Process process, TempDirectory profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>Starts Chromium with a fresh profile and connects to it.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(CancellationToken cancellationToken)
    {
        var binary = await ChromiumBinary.FindOrInstallAsync(cancellationToken);
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var flag in Flags.Append("--user-data-dir=" + profile.Path).Append("about:blank"))
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        try
        {
            var endpoint = await ReadDevToolsUrlAsync(process, cancellationToken);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> in a new browser context of its own (nothing shared with other tabs).</summary>
    public async Task<BrowserTab> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var context = await CallAsync("Target.createBrowserContext", new JsonObject(), null, cancellationToken);
        var target = await CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context.GetProperty("browserContextId").GetString() }, null, cancellationToken);
        var attached = await CallAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, null, cancellationToken);
        var tab = new BrowserTab(this, attached.GetProperty("sessionId").GetString()!);
        _tabs[tab.SessionId] = tab;
        await CallAsync("Runtime.enable", new JsonObject(), tab.SessionId, cancellationToken);
        await CallAsync("Page.enable", new JsonObject(), tab.SessionId, cancellationToken);
        await tab.NavigateAsync(url, cancellationToken);
        return tab;
    }

    /// <summary>Sends one protocol command (to a tab when <paramref name="sessionId"/> is set) and returns its result.</summary>
    internal async Task<JsonElement> CallAsync(string method, JsonObject parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }

        return await reply.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket died with the browser.
        }

        _process.Dispose();
        _profile.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
    }

    private static async Task<Uri> ReadDevToolsUrlAsync(Process process, CancellationToken cancellationToken)
    {
        const string Marker = "DevTools listening on ";
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None); // keep draining so Chromium never blocks on a full pipe
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new Uri(line[Marker.Length..].Trim());
            }

            seen.AppendLine(line);
        }

        throw new InvalidOperationException($"Chromium exited before opening its DevTools endpoint:\n{seen}");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            using var document = JsonDocument.Parse(message.ToArray());
            message.SetLength(0);
            Dispatch(document.RootElement);
        }
    }

    private void Dispatch(JsonElement root)
    {
        if (root.TryGetProperty("id", out var idElement) && _calls.TryRemove(idElement.GetInt32(), out var call))
        {
            if (root.TryGetProperty("error", out var error))
            {
                call.SetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
            }
            else
            {
                call.SetResult(root.GetProperty("result").Clone());
            }

            return;
        }

        if (root.TryGetProperty("sessionId", out var session) && _tabs.TryGetValue(session.GetString()!, out var tab)
            && root.TryGetProperty("method", out var method))
        {
            tab.OnEvent(method.GetString()!, root.GetProperty("params"));
        }
    }
}
