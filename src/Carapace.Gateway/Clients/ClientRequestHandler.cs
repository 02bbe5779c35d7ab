using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway.Clients;

/// <summary>
/// Answers the frames of client sockets: a <c>send</c> becomes a raw <see cref="InboundMessage"/> for the dispatcher
/// (never a session key: the router decides that), acknowledged only once the dispatcher says it is durable.
/// </summary>
internal sealed class ClientRequestHandler(
    ITurnDispatcher dispatcher,
    ISessionStore sessions,
    ClientPeerRegistry peers,
    GatewayOptions options,
    TimeProvider time,
    ILogger<ClientRequestHandler> logger)
{
    /// <summary>Handles one frame from <paramref name="connection"/>; never throws for anything the client sent.</summary>
    public async Task HandleAsync(ClientConnection connection, ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        var parsed = ClientFrameJson.Parse(utf8.Span, options.ClientChannels, options.MaxTextChars);
        switch (parsed.Frame)
        {
            case SendFrame send:
                await SendAsync(connection, send, cancellationToken);
                break;
            case SessionsListFrame list:
                await ListSessionsAsync(connection, list, cancellationToken);
                break;
            default:
                GatewayLog.FrameRefused(logger, parsed.Error!);
                connection.Send(ServerFrame.Error(parsed.ErrorId, parsed.Error!));
                break;
        }
    }

    private async Task SendAsync(ClientConnection connection, SendFrame send, CancellationToken cancellationToken)
    {
        peers.Register(connection, send.Channel, send.Peer);
        var message = new InboundMessage
        {
            Channel = send.Channel,
            Peer = send.Peer,
            SenderId = send.SenderId,
            Text = send.Text,
            ThreadId = send.ThreadId,
            ReceivedAt = time.GetUtcNow(),
            ChannelMessageId = send.Id,
        };

        connection.HoldRepliesFor(send.Id);
        TurnTicket ticket;
        try
        {
            ticket = await dispatcher.DispatchAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.DispatchFailed(logger, send.Channel, e);
            connection.ReleaseReplies(send.Id, ServerFrame.Error(send.Id, $"the message was not accepted: {e.Message}"));
            return;
        }

        connection.ReleaseReplies(send.Id, ServerFrame.Accepted(send.Id, ticket.Route.SessionKey, ticket.TranscriptSeq));
        _ = ReportTurnFailureAsync(connection, send.Id, ticket.Completion);
    }

    private async Task ReportTurnFailureAsync(ClientConnection connection, string id, Task<TurnOutcome> completion)
    {
        try
        {
            await completion;
        }
        catch (Exception e)
        {
            GatewayLog.TurnFailed(logger, id, e);
            connection.Send(ServerFrame.Error(id, $"the turn failed: {e.Message}"));
        }
    }

    private async Task ListSessionsAsync(ClientConnection connection, SessionsListFrame list, CancellationToken cancellationToken)
    {
        var rows = new List<SessionInfo>();
        await foreach (var entry in sessions.ListAsync(cancellationToken))
        {
            rows.Add(new SessionInfo(entry.Key, entry.SessionId, entry.Channel, entry.ChatType.ToKeyword(), entry.StartedAt, entry.LastInteractionAt, entry.InputTokens, entry.OutputTokens));
        }

        connection.Send(ServerFrame.SessionList(list.Id, rows));
    }
}
