using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Lanes;

/// <summary>A handle on one key's queue in <see cref="SessionLanes"/>; holding it keeps nothing alive.</summary>
internal sealed class SessionLane(SessionLanes lanes, string key) : ISessionLane
{
    public string Key { get; } = key;

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> turn, bool interruptRunning, CancellationToken cancellationToken) =>
        lanes.RunAsync(Key, turn, interruptRunning, cancellationToken);

    public Task<bool> InterruptAsync() => lanes.InterruptAsync(Key);
}
