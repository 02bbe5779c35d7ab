using System.Collections.Concurrent;
using Carapace.Agent.Abstractions;

namespace Carapace.Agent.Tests.Turns.StandIns;

/// <summary>
/// STAND-IN, REPLACE AT MERGE with Carapace.Sessions' SessionLane. One task chain per key: each call is chained onto
/// the previous one for its key at call time, so work runs in call order, one at a time per key.
/// </summary>
internal sealed class SerialLane : ISessionLane
{
    private readonly ConcurrentDictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<T> RunAsync<T>(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work, cancellationToken);
            _tails[key] = next;
            return next;
        }
    }

    private static async Task<T> RunAfterAsync<T>(Task previous, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await previous.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        return await work(cancellationToken);
    }
}
