using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Hosting;

/// <summary>How one run of the host differs from its config: a port override and extra services (tests, <c>chat --local</c>).</summary>
public sealed record GatewayStartOptions
{
    /// <summary>Listen on this port instead of <c>gateway.port</c>; 0 picks a free port.</summary>
    public int? Port { get; init; }

    /// <summary>Registers services after the gateway's own, e.g. logging or a pipeline.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
