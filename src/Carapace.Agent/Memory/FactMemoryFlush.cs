using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>
/// Before a compaction: durably queues the lines about to be summarised for capture, so what they held is kept as facts
/// even though the lines leave the prompt. Returns once the job is written.
/// </summary>
public sealed class FactMemoryFlush(FactMemories facts, AgentOptions agents) : IMemoryFlush
{
    /// <inheritdoc />
    public async ValueTask FlushAsync(Route route, string sessionId, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(compacting);
        var memory = await facts.GetAsync(route.AgentId).ConfigureAwait(false);
        if (!memory.CanCapture || compacting.Count == 0)
        {
            return;
        }

        // Every compacted line is new to capture; a long stretch is queued in windows so each prompt stays small.
        var messages = compacting.Where(l => l.Kind == TranscriptKind.Message).OrderBy(l => l.Seq).ToList();
        for (var start = 0; start < messages.Count; start += CaptureJobs.ContextMessages)
        {
            var window = messages.Skip(start).Take(CaptureJobs.ContextMessages).ToList();
            if (CaptureJobs.Build(route, sessionId, window, window[0].Seq, agents.UserTimeZone) is { } job)
            {
                await memory.EnqueueCaptureAsync(job, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
