using Carapace.Agent.Abstractions;
using Carapace.Core.Routing;
using Carapace.Memory.Facts;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Memory;

/// <summary>Offers <c>memory_list</c>, <c>memory_store</c>, <c>memory_update</c>, <c>memory_forget</c> and <c>memory_history</c> bound to the turn's scope.</summary>
public sealed class FactToolSource(FactMemories facts) : IToolSource
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AITool>> GetToolsAsync(Route route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var memory = await facts.GetAsync(route.AgentId).ConfigureAwait(false);
        return [.. FactTools.Create(route.Memory, memory, route.SessionKey)];
    }
}
