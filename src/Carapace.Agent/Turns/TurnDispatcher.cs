using System.Collections.Concurrent;
using Carapace.Agent.Abstractions;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Turns;

namespace Carapace.Agent.Turns;

/// <summary>
/// The entry point from channels: routes a message, makes it durable on the session's accept lane (fast, so channels
/// can acknowledge promptly), then queues its turn on the session's lane so turns run one at a time in arrival order.
/// On channels that allow barge-in (phone calls), a new message interrupts the turn still running in its session.
/// </summary>
public sealed class TurnDispatcher : ITurnDispatcher
{
    private readonly Func<InboundMessage, Route> _route;
    private readonly ISessionLane _lane;
    private readonly TurnPipeline _pipeline;
    private readonly ChannelRegistry _channels;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Creates a dispatcher; <paramref name="route"/> is the pure router (config bound in).</summary>
    public TurnDispatcher(Func<InboundMessage, Route> route, ISessionLane lane, TurnPipeline pipeline, ChannelRegistry channels)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(channels);
        _route = route;
        _lane = lane;
        _pipeline = pipeline;
        _channels = channels;
    }

    /// <inheritdoc />
    public async ValueTask<TurnTicket> DispatchAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var route = _route(message);
        if (_channels.Find(route.Delivery.Channel)?.GetService(typeof(ChannelCapabilities)) is ChannelCapabilities { BargeIn: true }
            && _running.TryGetValue(route.SessionKey, out var running))
        {
            try
            {
                await running.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The turn finished between the lookup and the cancel: nothing to interrupt.
            }
        }

        return await _lane.RunAsync(route.SessionKey + "#accept", async ct =>
        {
            var accepted = await _pipeline.AcceptAsync(route, message, ct);

            // Queued while still inside the accept lane, so turns take their places in acceptance order.
            var completion = _lane.RunAsync(route.SessionKey, turnCt => RunTurnAsync(accepted, turnCt), CancellationToken.None);
            return new TurnTicket(route, accepted.Session.SessionId, accepted.UserEntry.Seq, completion);
        }, cancellationToken);
    }

    private async Task<TurnOutcome> RunTurnAsync(AcceptedTurn turn, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running[turn.Route.SessionKey] = cts;
        try
        {
            return await _pipeline.RunAsync(turn, cts.Token);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(turn.Route.SessionKey, cts));
        }
    }
}
