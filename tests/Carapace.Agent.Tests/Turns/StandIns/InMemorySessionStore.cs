using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Tests.Turns.StandIns;

/// <summary>
/// STAND-IN, REPLACE AT MERGE with the SQLite session store from Carapace.Sessions. Follows the ISessionStore contract
/// (optimistic concurrency on Version).
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionEntry> _entries = new(StringComparer.Ordinal);

    public ValueTask<SessionEntry?> GetAsync(string sessionKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_entries.GetValueOrDefault(sessionKey));
        }
    }

    public ValueTask<SessionEntry?> WriteAsync(SessionEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _entries.GetValueOrDefault(entry.Key)?.Version ?? 0;
            if (current != entry.Version)
            {
                return ValueTask.FromResult<SessionEntry?>(null);
            }

            var stored = entry with { Version = current + 1 };
            _entries[entry.Key] = stored;
            return ValueTask.FromResult<SessionEntry?>(stored);
        }
    }

    public async IAsyncEnumerable<SessionEntry> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<SessionEntry> all;
        lock (_gate)
        {
            all = [.. _entries.Values.OrderByDescending(e => e.LastInteractionAt)];
        }

        foreach (var entry in all)
        {
            await Task.Yield();
            yield return entry;
        }
    }
}
