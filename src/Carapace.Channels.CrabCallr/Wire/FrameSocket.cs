using System.Buffers;
using System.Net.WebSockets;

namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>
/// A WebSocket that carries protocol frames, shared by the adapter, the relay and the caller simulator: sends are
/// serialised (a WebSocket allows one at a time) and receives return whole messages with a size cap.
/// </summary>
public sealed class FrameSocket(WebSocket socket)
{
    /// <summary>Frames larger than this are read to the end and reported as bad, never buffered whole.</summary>
    public const int MaxFrameBytes = 64 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>Sends one frame; false when the socket is no longer open (the frame is dropped).</summary>
    public async ValueTask<bool> SendAsync(Frame frame, CancellationToken cancellationToken)
    {
        var bytes = FrameCodec.Serialize(frame);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }

            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame with a protocol close code; the caller stops reading afterwards.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // The socket is already gone; the read loop reports that.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads one whole message: its bytes, or the close status when the other side closed.</summary>
    public async Task<SocketMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var tooLarge = false;
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new SocketMessage(null, (int?)socket.CloseStatus ?? 1005, socket.CloseStatusDescription, TooLarge: false);
            }

            if (!tooLarge)
            {
                buffer.Advance(result.Count);
            }

            if (buffer.WrittenCount > MaxFrameBytes)
            {
                tooLarge = true;
                buffer.ResetWrittenCount();
            }

            if (result.EndOfMessage)
            {
                return tooLarge || result.MessageType != WebSocketMessageType.Text
                    ? new SocketMessage(null, null, null, TooLarge: tooLarge)
                    : new SocketMessage(buffer.WrittenMemory, null, null, TooLarge: false);
            }
        }
    }
}
