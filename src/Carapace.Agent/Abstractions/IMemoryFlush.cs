using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Abstractions;

/// <summary>
/// Runs before every compaction, on every path (threshold, <c>/compact</c>, recovery after the provider rejected an
/// over-long context): durable facts in the turns about to be summarised are captured first, so compaction never makes
/// the agent forget. The automatic-memory project fills it in; the default does nothing.
/// </summary>
public interface IMemoryFlush
{
    /// <summary>Captures (or durably queues for capture) what <paramref name="compacting"/> holds; returns once nothing can be lost.</summary>
    ValueTask FlushAsync(Route route, string sessionId, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken);
}
