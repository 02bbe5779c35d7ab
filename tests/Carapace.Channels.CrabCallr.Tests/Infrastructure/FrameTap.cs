using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Carapace.Channels.CrabCallr.Tests.Infrastructure;

/// <summary>
/// A recording WebSocket proxy in front of the relay: every text frame is forwarded unchanged and kept (with its
/// direction) for the schema check; <see cref="DropAll"/> cuts every connection, as a network failure would.
/// </summary>
internal sealed class FrameTap : IAsyncDisposable
{
    private readonly ConcurrentQueue<(bool FromClient, string Path, string Json)> _frames = new();
    private readonly ConcurrentDictionary<WebSocket, byte> _sockets = new();
    private readonly LoopbackServer _server;
    private int _connections;

    private FrameTap(LoopbackServer server) => _server = server;

    public IReadOnlyCollection<(bool FromClient, string Path, string Json)> Frames => _frames;

    public int Connections => Volatile.Read(ref _connections);

    public Uri Uri(string path) => _server.WebSocketUri(path);

    public static async Task<FrameTap> StartAsync(Uri upstream)
    {
        FrameTap? tap = null;
        var server = await LoopbackServer.StartAsync(async context =>
        {
            using var client = await context.WebSockets.AcceptWebSocketAsync();
            using var server = new ClientWebSocket();
            await server.ConnectAsync(new Uri($"ws://{upstream.Authority}{context.Request.Path}"), CancellationToken.None);
            await tap!.PumpAsync(client, server, context.Request.Path.Value!);
        });
        tap = new FrameTap(server);
        return tap;
    }

    /// <summary>Waits (bounded) until a recorded frame contains <paramref name="fragment"/>.</summary>
    public async Task WaitForFrameAsync(string fragment)
    {
        for (var i = 0; i < 500 && !_frames.Any(f => f.Json.Contains(fragment, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains(_frames, f => f.Json.Contains(fragment, StringComparison.Ordinal));
    }

    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Abort();
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task PumpAsync(WebSocket client, WebSocket server, string path)
    {
        Interlocked.Increment(ref _connections);
        _sockets[client] = 0;
        _sockets[server] = 0;
        try
        {
            await Task.WhenAll(CopyAsync(client, server, fromClient: true, path), CopyAsync(server, client, fromClient: false, path));
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(server, out _);
            client.Abort();
            server.Abort();
        }
    }

    private async Task CopyAsync(WebSocket from, WebSocket to, bool fromClient, string path)
    {
        var buffer = new byte[128 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await from.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await to.CloseOutputAsync(from.CloseStatus ?? WebSocketCloseStatus.Empty, from.CloseStatusDescription, CancellationToken.None);
                    return;
                }

                _frames.Enqueue((fromClient, path, Encoding.UTF8.GetString(buffer, 0, count)));
                await to.SendAsync(buffer.AsMemory(0, count), result.MessageType, true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // This side went away: cut the other one too, as a network failure would.
            to.Abort();
        }
    }
}
