using System.Runtime.CompilerServices;
using Carapace.Sessions.Abstractions;

namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// TEMPORARY TEST DOUBLE of ISessionStore, to be replaced by the SQLite session store at integration; it backs only
/// the gateway's sessions.list answer in these tests.
/// </summary>
public sealed class InMemorySessionStore : ISessionStore
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
            if ((_entries.GetValueOrDefault(entry.Key)?.Version ?? 0) != entry.Version)
            {
                return ValueTask.FromResult<SessionEntry?>(null);
            }

            var stored = entry with { Version = entry.Version + 1 };
            _entries[entry.Key] = stored;
            return ValueTask.FromResult<SessionEntry?>(stored);
        }
    }

    public async IAsyncEnumerable<SessionEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SessionEntry[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _entries.Values.OrderByDescending(e => e.LastInteractionAt)];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.CompletedTask;
            yield return entry;
        }
    }
}
