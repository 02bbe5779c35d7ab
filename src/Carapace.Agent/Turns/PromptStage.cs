using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Turns;

/// <summary>Stage 3: the system prompt (workspace files, clock, recalled memories) followed by the session's history.</summary>
internal sealed class PromptStage(SystemPromptBuilder builder, ITranscriptStore transcripts)
{
    public async Task<IReadOnlyList<ChatMessage>> BuildAsync(AcceptedTurn turn, RecallResult recall, CancellationToken cancellationToken)
    {
        var system = await builder.BuildAsync(turn.Route, cancellationToken);
        if (recall.PromptText.Length > 0)
        {
            system += "\n\n# Recalled memories\n" + recall.PromptText.Trim();
        }

        var transcript = await transcripts.ReadAsync(turn.Session.SessionId, 0, cancellationToken);
        return [new ChatMessage(ChatRole.System, system), .. HistoryBuilder.Build(transcript, turn.UserEntry.Seq)];
    }
}
