namespace Carapace.Sessions.Abstractions;

/// <summary>
/// The turn queue of one session key, shaped like a non-reentrant Orleans grain (addressed by a string key, a few
/// <see cref="Task"/> methods) so a grain can replace it in a cluster: turns of the key run one at a time in arrival
/// order while other keys run in parallel. A turn must not queue another turn on its own key (it would wait for itself).
/// </summary>
public interface ISessionLane
{
    /// <summary>The session key this lane serialises.</summary>
    string Key { get; }

    /// <summary>
    /// Queues a turn behind the key's earlier turns and runs it alone. With <paramref name="interruptRunning"/> the turn
    /// running now is cancelled through its token (barge-in). The turn's result or exception goes to this caller only.
    /// </summary>
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> turn, bool interruptRunning, CancellationToken cancellationToken);

    /// <summary>Cancels the running turn of the key, if any; true when one was running.</summary>
    Task<bool> InterruptAsync();
}
