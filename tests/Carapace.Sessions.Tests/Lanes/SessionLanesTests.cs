using System.Collections.Concurrent;
using Carapace.Sessions.Lanes;

namespace Carapace.Sessions.Tests.Lanes;

public sealed class SessionLanesTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_ManyConcurrentSenders_KeyOrderHoldsTurnsOfAKeyNeverOverlapKeysRunInParallel()
    {
        const int keys = 50;
        const int messages = 40;
        var lanes = new SessionLanes();
        var order = new ConcurrentDictionary<int, ConcurrentQueue<int>>();
        var active = new int[keys];
        var overlaps = 0;
        var firstTurnsStarted = 0;
        var allKeysRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var senders = Enumerable.Range(0, keys).Select(k => Task.Run(async () =>
        {
            var lane = lanes.Get($"agent:main:tui:direct:user{k}");
            var turns = Enumerable.Range(0, messages).Select(m => lane.RunAsync(
                async ct =>
                {
                    if (Interlocked.Increment(ref active[k]) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    if (m == 0 && Interlocked.Increment(ref firstTurnsStarted) == keys)
                    {
                        allKeysRunning.SetResult();
                    }

                    if (m == 0)
                    {
                        // Every key's first turn waits until all keys have one running: only parallel lanes get past this.
                        await allKeysRunning.Task.WaitAsync(Guard, ct);
                    }

                    await Task.Yield();
                    order.GetOrAdd(k, _ => new ConcurrentQueue<int>()).Enqueue(m);
                    Interlocked.Decrement(ref active[k]);
                    return m;
                },
                interruptRunning: false,
                CancellationToken.None)).ToArray();
            return await Task.WhenAll(turns);
        })).ToArray();

        var results = await Task.WhenAll(senders).WaitAsync(Guard * 2);

        Assert.Equal(0, overlaps);
        Assert.All(results, r => Assert.Equal(Enumerable.Range(0, messages), r));
        for (var k = 0; k < keys; k++)
        {
            Assert.Equal(Enumerable.Range(0, messages), order[k]);
        }

        Assert.Equal(0, lanes.ActiveKeys);
    }

    [Fact]
    public async Task RunAsync_SameKeyFromTwoHandles_SharesOneQueue()
    {
        var lanes = new SessionLanes();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new ConcurrentQueue<string>();
        var first = lanes.Get("k").RunAsync(async _ => { await release.Task; events.Enqueue("first"); return 1; }, false, CancellationToken.None);
        var second = lanes.Get("k").RunAsync(_ => { events.Enqueue("second"); return Task.FromResult(2); }, false, CancellationToken.None);

        Assert.False(second.IsCompleted);
        release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Guard);
        Assert.Equal(["first", "second"], events);
    }

    [Fact]
    public async Task RunAsync_BargeIn_CancelsTheRunningTurnAndRunsTheNewOne()
    {
        var lanes = new SessionLanes();
        var lane = lanes.Get("agent:main:crabcallr:direct:+15550100");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var speaking = lane.RunAsync(
            async ct =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return "never";
            },
            interruptRunning: false,
            CancellationToken.None);
        await started.Task.WaitAsync(Guard);

        var newer = lane.RunAsync(_ => Task.FromResult("answer to the interruption"), interruptRunning: true, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking.WaitAsync(Guard));
        Assert.Equal("answer to the interruption", await newer.WaitAsync(Guard));
        Assert.Equal(0, lanes.ActiveKeys);
    }

    [Fact]
    public async Task RunAsync_WithoutBargeIn_WaitsForTheRunningTurn()
    {
        var lanes = new SessionLanes();
        var lane = lanes.Get("k");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        var running = lane.RunAsync(async ct => { seen = ct; await release.Task; return 1; }, false, CancellationToken.None);
        var queued = lane.RunAsync(_ => Task.FromResult(2), false, CancellationToken.None);

        Assert.False(queued.IsCompleted);
        release.SetResult();
        var results = await Task.WhenAll(running, queued).WaitAsync(Guard);
        Assert.Equal([1, 2], results);
        Assert.False(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task InterruptAsync_RunningTurn_CancelsItAndReportsIt()
    {
        var lanes = new SessionLanes();
        var lane = lanes.Get("k");
        Assert.False(await lane.InterruptAsync());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var turn = lane.RunAsync(async ct => { started.SetResult(); await Task.Delay(Timeout.Infinite, ct); return 0; }, false, CancellationToken.None);
        await started.Task.WaitAsync(Guard);

        Assert.True(await lane.InterruptAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn.WaitAsync(Guard));
    }

    [Fact]
    public async Task RunAsync_TurnThrows_NextTurnStillRuns()
    {
        var lanes = new SessionLanes();
        var lane = lanes.Get("k");
        var failing = lane.RunAsync<int>(_ => throw new InvalidOperationException("model exploded"), false, CancellationToken.None);
        var next = lane.RunAsync(_ => Task.FromResult(42), false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Guard));
        Assert.Equal("model exploded", error.Message);
        Assert.Equal(42, await next.WaitAsync(Guard));
        Assert.Equal(0, lanes.ActiveKeys);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsWhileQueued_TurnNeverRunsAndOrderIsKept()
    {
        var lanes = new SessionLanes();
        var lane = lanes.Get("k");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new ConcurrentQueue<string>();
        var first = lane.RunAsync(async _ => { await release.Task; events.Enqueue("first-end"); return 1; }, false, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var abandoned = lane.RunAsync(_ => { events.Enqueue("abandoned"); return Task.FromResult(2); }, false, giveUp.Token);
        var third = lane.RunAsync(_ => { events.Enqueue("third"); return Task.FromResult(3); }, false, CancellationToken.None);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Guard));
        Assert.False(third.IsCompleted);
        release.SetResult();

        Assert.Equal(3, await third.WaitAsync(Guard));
        Assert.Equal(["first-end", "third"], events);
        Assert.Equal(0, lanes.ActiveKeys);
    }

    [Fact]
    public async Task ActiveKeys_AfterManyIdleKeys_DropsToZero()
    {
        var lanes = new SessionLanes();
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => lanes.Get($"key{i}").RunAsync(_ => Task.FromResult(i), false, CancellationToken.None)));
        Assert.Equal(0, lanes.ActiveKeys);
    }
}
