using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Carapace.Voice.Relay;

/// <summary>Maps the relay's paths onto any ASP.NET Core host: <c>/plugin</c>, <c>/agent</c> (WebSockets) and <c>/health</c>.</summary>
public static class RelayEndpoints
{
    /// <summary>Adds the relay's endpoints; the host must call <c>UseWebSockets</c> first.</summary>
    public static IEndpointRouteBuilder MapVoiceRelay(this IEndpointRouteBuilder endpoints, VoiceRelay relay, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var started = timeProvider.GetUtcNow();
        endpoints.Map("/plugin", context => AcceptAsync(context, relay.HandlePluginAsync));
        endpoints.Map("/agent", context => AcceptAsync(context, relay.HandleAgentAsync));
        endpoints.MapGet("/health", () =>
        {
            var now = timeProvider.GetUtcNow();
            return Results.Json(new
            {
                status = "ok",
                timestamp = now,
                uptime = (now - started).TotalSeconds,
                connections = new { plugins = relay.PluginCount, agents = relay.AgentCount },
                activeCalls = relay.CallCount,
            });
        });
        return endpoints;
    }

    private static async Task AcceptAsync(HttpContext context, Func<WebSocket, CancellationToken, Task> handler)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await context.Response.WriteAsync("This endpoint speaks the CrabCallr protocol over WebSocket.\n").ConfigureAwait(false);
            return;
        }

        // Sockets live until the host stops, not until a shutdown timeout expires.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await handler(socket, lifetime.Token).ConfigureAwait(false);
    }
}
