using Carapace.Agent.Compaction;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;

namespace Carapace.Agent.Turns;

/// <summary>
/// Stage 1: resolves (and maybe rotates) the session, then makes the user's message durable before anyone acknowledges
/// it. Commands (a bare reset trigger, <c>/compact</c>) are marked so they never reach a prompt.
/// </summary>
internal sealed class SessionStage(SessionManager sessions, ITranscriptStore transcripts, TimeProvider time)
{
    public async Task<AcceptedTurn> AcceptAsync(Route route, InboundMessage message, CancellationToken cancellationToken)
    {
        var resolution = await sessions.StartTurnAsync(route, message, cancellationToken);
        var turnId = Guid.NewGuid().ToString("N");
        var bare = resolution.Body.Trim().Length == 0;
        var command = bare || CompactionTriggers.IsCommand(resolution.Body.Trim(), out _);
        var line = new TranscriptEntry
        {
            SessionId = resolution.Entry.SessionId,
            SessionKey = route.SessionKey,
            Kind = TranscriptKind.Message,
            Role = "user",
            Text = bare ? message.Text : resolution.Body,
            At = time.GetUtcNow(),
            ChannelMessageId = message.ChannelMessageId,
            MetadataJson = TranscriptMetadata.Of(("turn", turnId), (TranscriptMetadata.Sender, route.Identity), (TranscriptMetadata.Command, command ? true : null)),
        };
        var stored = await transcripts.AppendAsync(line, cancellationToken);
        return new AcceptedTurn
        {
            Route = route,
            Message = message,
            Session = resolution.Entry,
            Rotation = resolution.Rotation,
            Body = resolution.Body.Trim(),
            UserEntry = stored,
            IsDuplicate = stored.MetadataJson != line.MetadataJson,
        };
    }
}
