using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Clients;

public sealed class GatewayClientTests
{
    [Fact]
    public async Task Send_GatewayDiesWhileASendIsInFlight_ThrowsWebSocketException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/ws");
        var accepting = AcceptUpgradeAsync(listener);
        await using var client = await GatewayClient.ConnectAsync(url, "token", CancellationToken.None);
        using var server = await accepting;

        // The server never reads, so the sends fill the socket buffers and one stays in flight. Then the connection
        // dies the way a killed gateway's does in the order that makes the socket layer report that send as a
        // cancellation: the read side ends first (the client aborts the socket), the pending write fails after.
        var text = new string('x', 60_000);
        var sending = Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                await client.SendTextAsync($"m{i}", text);
            }
        });
        await Task.Delay(300);
        Assert.False(sending.IsCompleted);
        server.Shutdown(SocketShutdown.Send);
        await client.Frames.Completion.WaitAsync(FrameExtensions.Timeout);

        // The client's abort on the ended read may already have failed the send (that is the cancellation the socket
        // layer reports); if not, the reset below fails it. Either way it must surface as a WebSocketException.
        server.LingerState = new LingerOption(enable: true, seconds: 0);
        server.Close();

        var failure = await Record.ExceptionAsync(() => sending.WaitAsync(FrameExtensions.Timeout));
        Assert.IsType<WebSocketException>(failure);
    }

    /// <summary>Answers one WebSocket upgrade by hand (RFC 6455 §4.2.2) and returns the raw connection.</summary>
    private static async Task<Socket> AcceptUpgradeAsync(TcpListener listener)
    {
        var socket = await listener.AcceptSocketAsync();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var key = request.ToString().Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
        return socket;
    }
}
