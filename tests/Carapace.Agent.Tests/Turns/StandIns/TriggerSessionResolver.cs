using Carapace.Agent.Abstractions;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Tests.Turns.StandIns;

/// <summary>
/// STAND-IN, REPLACE AT MERGE with an adapter over Carapace.Sessions' SessionManager. Gets or creates the route's
/// session and rotates it on a leading <c>/new</c> (no time-based policy), which is all the pipeline tests need.
/// </summary>
internal sealed class TriggerSessionResolver(ISessionStore store, TimeProvider time) : ISessionResolver
{
    private int _next;

    public async ValueTask<SessionResolution> ResolveAsync(Route route, InboundMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await store.GetAsync(route.SessionKey, cancellationToken);
        var trigger = message.Text.Trim().StartsWith("/new", StringComparison.OrdinalIgnoreCase);
        var body = trigger ? message.Text.Trim()[4..].Trim() : message.Text;
        var entry = current is not null && !trigger
            ? current with { LastInteractionAt = now }
            : new SessionEntry
            {
                Key = route.SessionKey,
                SessionId = $"s{Interlocked.Increment(ref _next)}",
                AgentId = route.AgentId,
                StartedAt = now,
                LastInteractionAt = now,
                Channel = route.Channel,
                ChatType = route.ChatType,
                Origin = route.Delivery,
                Version = current?.Version ?? 0,
            };
        var stored = await store.WriteAsync(entry, cancellationToken) ?? throw new InvalidOperationException("session write conflict");
        return new SessionResolution(stored, trigger && current is not null ? "/new" : null, body);
    }
}
