using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Carapace.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway.Clients;

/// <summary>
/// <c>/ws</c>: checks the client token (<c>Authorization: Bearer</c> or <c>?token=</c>) before the upgrade, then
/// runs the socket until the client leaves or the host stops.
/// </summary>
internal sealed class ClientSocketEndpoint(
    GatewayToken token,
    GatewayOptions options,
    ClientPeerRegistry peers,
    ClientRequestHandler handler,
    IHostApplicationLifetime lifetime,
    ILogger<ClientSocketEndpoint> logger)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token.Value);

    /// <summary>The largest frame read whole: the text limit in UTF-8 plus room for the other fields.</summary>
    private int MaxFrameBytes => (options.MaxTextChars * 4) + 16_384;

    public async Task HandleAsync(HttpContext context)
    {
        if (!IsAuthorized(context.Request))
        {
            GatewayLog.Unauthorized(logger, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync("a valid client token is required: Authorization: Bearer <token> or ?token=<token> (see <state>/gateway.token)", context.RequestAborted);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("this endpoint speaks WebSocket only", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var connection = new ClientConnection(socket, MaxFrameBytes);
        try
        {
            await connection.RunAsync((c, frame) => handler.HandleAsync(c, frame, stopping.Token), stopping.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            GatewayLog.SocketLost(logger, e);
        }
        finally
        {
            peers.Unregister(connection);
        }
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Query["token"].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);
    }
}
