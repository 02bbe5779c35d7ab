using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Agent.Abstractions;

/// <summary>
/// Stage 1 of a turn: the session a message lands in, after applying the reset policy and reset triggers. The
/// sessions project's SessionManager implements it; the agent never decides rotations itself.
/// </summary>
public interface ISessionResolver
{
    /// <summary>Loads the route's current session, rotating it when the reset policy or a trigger such as <c>/new</c> says so.</summary>
    ValueTask<SessionResolution> ResolveAsync(Route route, InboundMessage message, CancellationToken cancellationToken);
}
