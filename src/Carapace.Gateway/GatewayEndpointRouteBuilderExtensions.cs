using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.WebChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway;

/// <summary>Maps the gateway's endpoints: <c>/health</c>, the client WebSocket API at <c>/ws</c> and the web chat page at <c>/chat</c>.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>/health</c>, <c>/ws</c> and the web chat (<c>/</c> leads to <c>/chat</c>); call once after <c>AddCarapaceGateway</c>.</summary>
    public static WebApplication MapCarapaceGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var health = app.Services.GetRequiredService<HealthEndpoint>();
        var sockets = app.Services.GetRequiredService<ClientSocketEndpoint>();

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapGet("/health", () => Results.Json(health.Report(), WireJson.Options));
        app.Map("/ws", sockets.HandleAsync);
        app.MapGet("/", () => Results.Redirect(WebChatAssets.PagePath));
        foreach (var path in WebChatAssets.Paths)
        {
            app.MapGet(path, WebChatAssets.ServeAsync);
        }

        return app;
    }
}
