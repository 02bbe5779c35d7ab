using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Channels.CrabCallr;

/// <summary>Returned by <c>AddCarapaceCrabCallr</c> so further registrations chain off it; exposes only the services.</summary>
public sealed class CarapaceCrabCallrBuilder(IServiceCollection services)
{
    /// <summary>The service collection being composed.</summary>
    public IServiceCollection Services { get; } = services;
}
