using Carapace.Agent.Abstractions;
using Carapace.Core.Routing;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Memory;

/// <summary>Offers <c>memory_search</c>, <c>memory_get</c> and <c>memory_write</c> bound to the turn's own memory scope.</summary>
public sealed class MemoryToolSource(WorkspaceMemories memories) : IToolSource
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AITool>> GetToolsAsync(Route route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var memory = await memories.GetAsync(route.AgentId, cancellationToken);
        return [.. memory.ToolsFor(route.Memory)];
    }
}
