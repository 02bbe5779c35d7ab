using Microsoft.Extensions.Time.Testing;

namespace Carapace.Channels.CrabCallr.Tests.Infrastructure;

/// <summary>
/// Fake time that also knows which timers are armed, so a test can wait until the code under test has armed the
/// timer it is about to fire (instead of sleeping) and then advance exactly to it.
/// </summary>
internal sealed class ObservedTimeProvider : TimeProvider
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Lock _gate = new();
    private readonly HashSet<ObservedTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, _fake.CreateTimer(callback, state, dueTime, period));
        timer.Armed(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);

    /// <summary>Waits until a timer is armed that fires exactly <paramref name="remaining"/> from now, then advances to it.</summary>
    public async Task AdvanceToTimerAsync(TimeSpan remaining) => Advance(await WaitForTimerAsync(r => r == remaining));

    /// <summary>Waits until a timer is armed whose remaining time matches, and returns that remaining time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var now = GetUtcNow();
                foreach (var timer in _timers)
                {
                    if (timer.Remaining(now) is { } remaining && match(remaining))
                    {
                        return remaining;
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no matching timer was armed within 10 s");
            }
        }
    }

    private void Update(ObservedTimer timer, bool pending)
    {
        lock (_gate)
        {
            if (pending)
            {
                _timers.Add(timer);
            }
            else
            {
                _timers.Remove(timer);
            }

            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private sealed class ObservedTimer(ObservedTimeProvider owner, ITimer inner) : ITimer
    {
        private DateTimeOffset _dueAt;
        private TimeSpan _period;

        public void Armed(TimeSpan dueTime, TimeSpan period)
        {
            _dueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner.GetUtcNow() + dueTime;
            _period = period;
            owner.Update(this, dueTime != Timeout.InfiniteTimeSpan);
        }

        // Time until the next firing, or null when the timer will not fire again.
        public TimeSpan? Remaining(DateTimeOffset now)
        {
            if (_dueAt == DateTimeOffset.MaxValue)
            {
                return null;
            }

            var due = _dueAt;
            if (due <= now)
            {
                if (_period <= TimeSpan.Zero || _period == Timeout.InfiniteTimeSpan)
                {
                    return null;
                }

                var periods = ((now - due).Ticks / _period.Ticks) + 1;
                due += TimeSpan.FromTicks(periods * _period.Ticks);
            }

            return due - now;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            Armed(dueTime, period);
            return changed;
        }

        public void Dispose()
        {
            inner.Dispose();
            owner.Update(this, pending: false);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
