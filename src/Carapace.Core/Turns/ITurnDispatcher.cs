using Carapace.Core.Messages;

namespace Carapace.Core.Turns;

/// <summary>
/// The single entry point from channels into the agent: routes a message, makes it durable and queues its turn on
/// the session's lane. Channel hosts call it; nothing else decides sessions.
/// </summary>
public interface ITurnDispatcher
{
    /// <summary>Completes once the message is on disk (safe to acknowledge); the turn itself runs on in <see cref="TurnTicket.Completion"/>.</summary>
    ValueTask<TurnTicket> DispatchAsync(InboundMessage message, CancellationToken cancellationToken);
}
