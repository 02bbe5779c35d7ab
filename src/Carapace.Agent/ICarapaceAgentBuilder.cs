using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Agent;

/// <summary>Returned by <see cref="AgentServiceCollectionExtensions.AddCarapaceAgent"/> so further agent registrations chain off it.</summary>
public interface ICarapaceAgentBuilder
{
    /// <summary>The service collection being composed.</summary>
    IServiceCollection Services { get; }
}
