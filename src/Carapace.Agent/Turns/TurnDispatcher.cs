using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Turns;

/// <summary>
/// The entry point from channels: routes a message, makes it durable on the session's accept lane (fast, so channels
/// can acknowledge promptly), then queues its turn on the session's lane so turns run one at a time in arrival order.
/// On channels that allow barge-in (phone calls), a new message interrupts the turn still running in its session.
/// </summary>
public sealed class TurnDispatcher : ITurnDispatcher
{
    private const string AcceptSuffix = "#accept";

    private readonly Func<InboundMessage, Route> _route;
    private readonly ISessionLanes _lanes;
    private readonly TurnPipeline _pipeline;
    private readonly ChannelRegistry _channels;

    /// <summary>Creates a dispatcher; <paramref name="route"/> is the pure router (config bound in).</summary>
    public TurnDispatcher(Func<InboundMessage, Route> route, ISessionLanes lanes, TurnPipeline pipeline, ChannelRegistry channels)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(lanes);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(channels);
        _route = route;
        _lanes = lanes;
        _pipeline = pipeline;
        _channels = channels;
    }

    /// <inheritdoc />
    public async ValueTask<TurnTicket> DispatchAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var route = _route(message);
        var lane = _lanes.Get(route.SessionKey);
        var bargeIn = _channels.Find(route.Delivery)?.GetService(typeof(ChannelCapabilities)) is ChannelCapabilities { BargeIn: true };
        if (bargeIn)
        {
            // Stop the answer being spoken now, before this message waits for its place.
            await lane.InterruptAsync();
        }

        return await _lanes.Get(route.SessionKey + AcceptSuffix).RunAsync(async ct =>
        {
            var accepted = await _pipeline.AcceptAsync(route, message, ct);

            // Queued while still inside the accept lane, so turns take their places in acceptance order.
            var completion = lane.RunAsync(turnCt => _pipeline.RunAsync(accepted, turnCt), bargeIn, CancellationToken.None);
            return new TurnTicket(route, accepted.Session.SessionId, accepted.UserEntry.Seq, completion);
        }, interruptRunning: false, cancellationToken);
    }
}
