using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Abstractions;

/// <summary>
/// Adds a section to the system prompt of a turn, e.g. how to use memory or the daily logs that open a conversation
/// started with <c>/new</c>. It sees the turn's route, so anything it adds is read within <c>route.Memory</c>.
/// </summary>
public interface IPromptContributor
{
    /// <summary>The section's text (empty for none); <paramref name="transcript"/> is the session's transcript so far.</summary>
    ValueTask<string> ContributeAsync(AcceptedTurn turn, IReadOnlyList<TranscriptEntry> transcript, CancellationToken cancellationToken);
}
