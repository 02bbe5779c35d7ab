using Carapace.Core.Routing;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Abstractions;

/// <summary>
/// Offers tools for one turn. It receives the route, so a tool such as <c>memory_search</c> can be bound to
/// <c>route.Memory</c> and never see another person's data.
/// </summary>
public interface IToolSource
{
    /// <summary>The tools the model may call in a turn on <paramref name="route"/>.</summary>
    ValueTask<IReadOnlyList<AITool>> GetToolsAsync(Route route, CancellationToken cancellationToken);
}
