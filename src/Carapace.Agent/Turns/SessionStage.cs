using Carapace.Agent.Abstractions;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Turns;

/// <summary>Stage 1: resolves (and maybe rotates) the session, then makes the user's message durable before anyone acknowledges it.</summary>
internal sealed class SessionStage(ISessionResolver sessions, ITranscriptStore transcripts, TimeProvider time)
{
    public async Task<AcceptedTurn> AcceptAsync(Route route, InboundMessage message, CancellationToken cancellationToken)
    {
        var resolution = await sessions.ResolveAsync(route, message, cancellationToken);
        var turnId = Guid.NewGuid().ToString("N");
        var bare = resolution.Body.Trim().Length == 0;
        var line = new TranscriptEntry
        {
            SessionId = resolution.Session.SessionId,
            SessionKey = route.SessionKey,
            Kind = TranscriptKind.Message,
            Role = "user",
            Text = bare ? message.Text : resolution.Body,
            At = time.GetUtcNow(),
            ChannelMessageId = message.ChannelMessageId,
            MetadataJson = TranscriptMetadata.Of(("turn", turnId), (TranscriptMetadata.Command, bare ? true : null)),
        };
        var stored = await transcripts.AppendAsync(line, cancellationToken);
        return new AcceptedTurn
        {
            Route = route,
            Message = message,
            Session = resolution.Session,
            RotationReason = resolution.RotationReason,
            Body = resolution.Body.Trim(),
            UserEntry = stored,
            IsDuplicate = stored.MetadataJson != line.MetadataJson,
        };
    }
}
