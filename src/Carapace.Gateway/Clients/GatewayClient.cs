using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Clients;

/// <summary>
/// A client of the gateway's WebSocket API (used by <c>carapace chat</c>): sends client frames and exposes every
/// server frame in arrival order. Frames that are not valid JSON are surfaced as error frames, never thrown.
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly Channel<ServerFrame> _frames = Channel.CreateUnbounded<ServerFrame>(new() { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private GatewayClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync(_stop.Token);
    }

    /// <summary>Server frames in arrival order; completes when the gateway closes the connection.</summary>
    public ChannelReader<ServerFrame> Frames => _frames.Reader;

    /// <summary>Connects with the token as a bearer header; a refused token or an absent gateway throws <see cref="GatewayConnectException"/>.</summary>
    public static async Task<GatewayClient> ConnectAsync(Uri url, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            return new GatewayClient(socket);
        }
        catch (WebSocketException e)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw status == 401
                ? new GatewayConnectException($"the gateway at {url} refused the token (401); use the token in <state>/gateway.token or pass --token", e)
                : new GatewayConnectException($"no gateway answered at {url} ({e.InnerException?.Message ?? e.Message})", e);
        }
    }

    /// <summary>Sends one frame; a connection the gateway dropped throws <see cref="WebSocketException"/>, whatever the socket layer raised.</summary>
    public async Task SendAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var bytes = ClientFrameJson.Write(frame);
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // ManagedWebSocket reports a send into a connection the peer has closed (broken pipe) as a cancellation.
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the gateway closed the connection", e);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Closing politely is best effort; the socket is disposed either way.
        }

        await _stop.CancelAsync();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite(Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
                    buffer.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The gateway went away or the client is closing; completing the reader tells the consumer.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private static ServerFrame Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize<ServerFrame>(utf8, WireJson.Options) ?? ServerFrame.Error(null, "the gateway sent an empty frame");
        }
        catch (JsonException e)
        {
            return ServerFrame.Error(null, $"the gateway sent a frame that is not a valid server frame ({e.Message})");
        }
    }
}
