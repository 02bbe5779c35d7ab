namespace Carapace.Agent.Abstractions;

/// <summary>
/// Runs work for one key at a time, in call order, while different keys run in parallel (invariant 5). Shaped like a
/// grain call so a clustered lane can replace the in-process one.
/// </summary>
public interface ISessionLane
{
    /// <summary>
    /// Queues <paramref name="work"/> behind everything queued earlier for <paramref name="key"/>. The place in the queue is
    /// taken before this method returns, so two calls made one after the other run in that order.
    /// </summary>
    Task<T> RunAsync<T>(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
