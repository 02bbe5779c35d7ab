using Carapace.Core.Channels;
using Carapace.Gateway.Channels;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Health;
using Carapace.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway;

/// <summary>Registers the gateway's own parts: settings, the client token, client channels, the channel pump and health.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds the gateway; the agent pipeline (<c>ITurnDispatcher</c>) and session store are registered by their own projects.</summary>
    public static CarapaceGatewayBuilder AddCarapaceGateway(this IServiceCollection services, CarapaceSettings settings, GatewayToken token)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(token);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Gateway);
        services.AddSingleton(token);
        services.AddSingleton<ClientPeerRegistry>();
        services.AddSingleton<ClientRequestHandler>();
        services.AddSingleton<ClientSocketEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        foreach (var channel in settings.Gateway.ClientChannels)
        {
            services.AddSingleton<IChannelAdapter>(sp => new ClientChannelAdapter(
                channel, sp.GetRequiredService<ClientPeerRegistry>(), sp.GetRequiredService<ILogger<ClientChannelAdapter>>()));
        }

        services.AddHostedService<ChannelPump>();
        return new CarapaceGatewayBuilder(services);
    }
}
