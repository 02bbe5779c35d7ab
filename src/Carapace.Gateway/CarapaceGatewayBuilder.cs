using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway;

/// <summary>Returned by <c>AddCarapaceGateway</c> so further gateway registrations chain off it; exposes only the services.</summary>
public sealed class CarapaceGatewayBuilder(IServiceCollection services)
{
    /// <summary>The service collection being composed.</summary>
    public IServiceCollection Services { get; } = services;
}
