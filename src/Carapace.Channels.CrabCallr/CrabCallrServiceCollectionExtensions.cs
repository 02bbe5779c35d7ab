using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Channels.CrabCallr;

/// <summary>The one place the CrabCallr channel is composed into a host: one adapter per configured account.</summary>
public static class CrabCallrServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="CrabCallrAdapter"/> as an <see cref="IChannelAdapter"/> for every account that has an API
    /// key and <c>autoConnect</c> on, so the host runs it, delivers replies to it and shows its status. No accounts, no adapters.
    /// </summary>
    public static CarapaceCrabCallrBuilder AddCarapaceCrabCallr(this IServiceCollection services, CrabCallrChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        foreach (var account in options.Accounts.Where(a => a.AutoConnect && a.ApiKey.Length > 0))
        {
            services.AddSingleton<IChannelAdapter>(sp => new CrabCallrAdapter(
                account,
                sp.GetRequiredService<TimeProvider>(),
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<CrabCallrAdapter>()));
        }

        return new CarapaceCrabCallrBuilder(services);
    }
}
