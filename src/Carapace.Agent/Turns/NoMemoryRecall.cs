using Carapace.Agent.Abstractions;
using Carapace.Core.Memory;

namespace Carapace.Agent.Turns;

/// <summary>The recall used until a memory system is wired in: nothing is recalled.</summary>
internal sealed class NoMemoryRecall : IMemoryRecall
{
    public static NoMemoryRecall Instance { get; } = new();

    public ValueTask<RecallResult> RecallAsync(MemoryScope scope, string query, CancellationToken cancellationToken) => ValueTask.FromResult(RecallResult.Empty);
}
