using Carapace.Agent.Abstractions;
using Carapace.Agent.Turns;
using Carapace.Core.Sessions;
using Carapace.Memory.Tools;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>
/// Tells the model to search memory before answering about the past and to write down what should last; in a
/// conversation started with <c>/new</c> or <c>/reset</c> it also brings today's and yesterday's daily logs (bounded,
/// owner's direct chats only), so a fresh session does not start from nothing.
/// </summary>
public sealed class MemoryPromptContributor(WorkspaceMemories memories) : IPromptContributor
{
    /// <inheritdoc />
    public async ValueTask<string> ContributeAsync(AcceptedTurn turn, IReadOnlyList<TranscriptEntry> transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(transcript);
        if (!StartedByResetTrigger(turn, transcript))
        {
            return MemoryPrompt.Guidance;
        }

        var memory = await memories.GetAsync(turn.Route.AgentId, cancellationToken);
        var logs = await memory.StartupContextAsync(turn.Route.Memory, cancellationToken);
        return logs.Length == 0 ? MemoryPrompt.Guidance : MemoryPrompt.Guidance + "\n\n" + logs;
    }

    private static bool StartedByResetTrigger(AcceptedTurn turn, IReadOnlyList<TranscriptEntry> transcript) =>
        turn.Rotation?.Reason == RotationReason.Trigger
        || (transcript.Count > 0 && TranscriptMetadata.Has(transcript[0].MetadataJson, TranscriptMetadata.Command));
}
