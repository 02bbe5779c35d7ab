using Carapace.Agent.Abstractions;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Compaction;

/// <summary>The memory flush when no memory project is registered: nothing to capture into, so it returns at once.</summary>
internal sealed class NoMemoryFlush : IMemoryFlush
{
    /// <summary>The shared instance.</summary>
    public static NoMemoryFlush Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask FlushAsync(Route route, string sessionId, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
