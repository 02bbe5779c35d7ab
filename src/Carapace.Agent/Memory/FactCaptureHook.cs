using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>
/// Stage 6 with automatic memory: durably queues the finished exchange (with the messages before it) for capture and
/// returns; the agent's capture worker does the model work later, off the reply path.
/// </summary>
public sealed class FactCaptureHook(FactMemories facts, ITranscriptStore transcripts, AgentOptions agents) : IPostTurnHook
{
    /// <summary>
    /// How many transcript lines (newest first) are read per turn: the turn itself, its tool lines and enough earlier
    /// lines for <see cref="CaptureJobs.ContextMessages"/> messages of context, however long the session has grown.
    /// </summary>
    public const int TailLines = 200;

    /// <inheritdoc />
    public async ValueTask OnTurnCompletedAsync(CompletedTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var memory = await facts.GetAsync(turn.Route.AgentId).ConfigureAwait(false);
        if (!memory.CanCapture || turn.Appended.Count == 0)
        {
            return;
        }

        var lastAppended = turn.Appended.Max(a => a.Seq);
        var upToTurn = await transcripts.ReadLastAsync(turn.SessionId, lastAppended, TailLines, cancellationToken).ConfigureAwait(false);
        var userSeq = upToTurn.LastOrDefault(l => l.Kind == TranscriptKind.Message && l.Role == "user")?.Seq ?? turn.Appended.Min(a => a.Seq);
        if (CaptureJobs.Build(turn.Route, turn.SessionId, upToTurn, userSeq, agents.UserTimeZone) is { } job)
        {
            await memory.EnqueueCaptureAsync(job, cancellationToken).ConfigureAwait(false);
        }
    }
}
