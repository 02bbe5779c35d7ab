using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Core.Channels;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Turns;

/// <summary>
/// Stage 3: the system prompt (workspace files, clock, the channel's own hint such as the phone-call rules, recalled
/// memories) followed by the session's history.
/// </summary>
internal sealed class PromptStage(SystemPromptBuilder builder, ITranscriptStore transcripts, ChannelRegistry channels, IReadOnlyList<IPromptContributor> contributors)
{
    public async Task<IReadOnlyList<ChatMessage>> BuildAsync(AcceptedTurn turn, RecallResult recall, CancellationToken cancellationToken)
    {
        var system = await builder.BuildAsync(turn.Route, cancellationToken);
        if (channels.Find(turn.Route.Delivery)?.GetService(typeof(ChannelPromptHint)) is ChannelPromptHint { Text.Length: > 0 } hint)
        {
            system += "\n\n# This channel\n" + hint.Text.Trim();
        }

        var transcript = await transcripts.ReadAsync(turn.Session.SessionId, 0, cancellationToken);
        foreach (var contributor in contributors)
        {
            if (await contributor.ContributeAsync(turn, transcript, cancellationToken) is { Length: > 0 } section)
            {
                system += "\n\n" + section.Trim();
            }
        }

        if (recall.PromptText.Length > 0)
        {
            system += "\n\n# Recalled memories\n" + recall.PromptText.Trim();
        }

        return [new ChatMessage(ChatRole.System, system), .. HistoryBuilder.Build(transcript, turn.UserEntry.Seq, turn.Route.Identity)];
    }
}
