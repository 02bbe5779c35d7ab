using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Lanes;

/// <summary>
/// In-process lanes: per key, a chain of turns where each waits for the one before it. A key's state exists only while
/// it has queued or running turns, so idle keys cost nothing and the table never grows without bound.
/// </summary>
public sealed class SessionLanes : ISessionLanes
{
    private readonly Dictionary<string, LaneState> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many keys have queued or running turns right now.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_lock)
            {
                return _lanes.Count;
            }
        }
    }

    /// <inheritdoc />
    public ISessionLane Get(string sessionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        return new SessionLane(this, sessionKey);
    }

    internal async Task<T> RunAsync<T>(string key, Func<CancellationToken, Task<T>> turn, bool interruptRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LaneState? state;
        Task previous;
        CancellationTokenSource? interrupted = null;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(key, out state))
            {
                _lanes[key] = state = new LaneState();
            }

            state.Pending++;
            previous = state.Tail;
            state.Tail = done.Task;
            if (interruptRunning)
            {
                interrupted = state.Running;
            }
        }

        Cancel(interrupted);
        try
        {
            await previous.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Gave up while queued: the next turn must still wait for the one before this.
            _ = previous.ContinueWith(_ => Finish(key, state, done), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        try
        {
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lock (_lock)
            {
                state.Running = running;
            }

            try
            {
                return await turn(running.Token).ConfigureAwait(false);
            }
            finally
            {
                lock (_lock)
                {
                    state.Running = null;
                }
            }
        }
        finally
        {
            Finish(key, state, done);
        }
    }

    internal Task<bool> InterruptAsync(string key)
    {
        CancellationTokenSource? running;
        lock (_lock)
        {
            running = _lanes.TryGetValue(key, out var state) ? state.Running : null;
        }

        return Task.FromResult(Cancel(running));
    }

    private void Finish(string key, LaneState state, TaskCompletionSource done)
    {
        lock (_lock)
        {
            if (--state.Pending == 0)
            {
                _lanes.Remove(key);
            }
        }

        done.SetResult();
    }

    private static bool Cancel(CancellationTokenSource? running)
    {
        if (running is null)
        {
            return false;
        }

        try
        {
            running.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // the turn finished in the meantime
        }
    }

    private sealed class LaneState
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Pending { get; set; }

        public CancellationTokenSource? Running { get; set; }
    }
}
