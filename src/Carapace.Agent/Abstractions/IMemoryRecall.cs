using Carapace.Core.Memory;

namespace Carapace.Agent.Abstractions;

/// <summary>Stage 2 of a turn: memories relevant to the message, read only within the route's scope. The memory project fills it in.</summary>
public interface IMemoryRecall
{
    /// <summary>Text to add to the prompt for <paramref name="query"/>, found in <paramref name="scope"/> only.</summary>
    ValueTask<RecallResult> RecallAsync(MemoryScope scope, string query, CancellationToken cancellationToken);
}
