using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Clients;

/// <summary>
/// One client socket: reads frames one at a time (so a peer's messages keep their order), and writes every outgoing
/// frame through a single queue. Reply chunks for a message whose <c>accepted</c> is not sent yet are held back, so a
/// client always sees accepted, then deltas, then final.
/// </summary>
internal sealed class ClientConnection(WebSocket socket, int maxFrameBytes)
{
    private readonly Channel<ServerFrame> _outbox = Channel.CreateUnbounded<ServerFrame>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ServerFrame>> _held = new(StringComparer.Ordinal);

    /// <summary>The peers this socket speaks for; guarded by the registry's lock.</summary>
    public List<ClientPeerRegistry.PeerAddress> Addresses { get; } = [];

    /// <summary>Reads frames and hands each to <paramref name="handle"/> until the client closes or the host stops.</summary>
    public async Task RunAsync(Func<ClientConnection, ReadOnlyMemory<byte>, Task> handle, CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(cancellationToken);
        try
        {
            await ReadLoopAsync(handle, cancellationToken);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await writer;
        }
    }

    /// <summary>Queues a frame; false when the socket is gone (the transcript still has the reply).</summary>
    public bool Send(ServerFrame frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>Queues a reply chunk, holding it back while its message still waits for <c>accepted</c>.</summary>
    public bool Deliver(ServerFrame frame)
    {
        lock (_gate)
        {
            if (frame.Id is not null && _held.TryGetValue(frame.Id, out var held))
            {
                held.Add(frame);
                return true;
            }

            return Send(frame);
        }
    }

    /// <summary>Starts holding reply chunks for a message about to be dispatched.</summary>
    public void HoldRepliesFor(string id)
    {
        lock (_gate)
        {
            _held.TryAdd(id, []);
        }
    }

    /// <summary>Sends <paramref name="first"/> (accepted or an error), then the chunks held for its message.</summary>
    public void ReleaseReplies(string id, ServerFrame first)
    {
        lock (_gate)
        {
            Send(first);
            if (_held.Remove(id, out var held))
            {
                foreach (var frame in held)
                {
                    Send(frame);
                }
            }
        }
    }

    private async Task ReadLoopAsync(Func<ClientConnection, ReadOnlyMemory<byte>, Task> handle, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxFrameBytes];
        while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
        {
            var length = 0;
            var tooLarge = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    tooLarge = true;
                    length = 0;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (tooLarge)
            {
                Send(ServerFrame.Error(null, $"the frame is larger than {maxFrameBytes} bytes and was dropped"));
            }
            else if (result.MessageType == WebSocketMessageType.Binary)
            {
                Send(ServerFrame.Error(null, "frames must be JSON text, not binary"));
            }
            else
            {
                await handle(this, buffer.AsMemory(0, length));
            }
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, WireJson.Options);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away or the host is stopping: nothing left to tell it.
        }
    }
}
