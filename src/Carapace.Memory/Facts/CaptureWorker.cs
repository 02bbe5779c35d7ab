using Microsoft.Extensions.Logging;

namespace Carapace.Memory.Facts;

/// <summary>
/// Works through the capture queue in the background, one job at a time, off every reply path. On start it first
/// finishes what a previous run left pending; afterwards it wakes whenever a job is queued.
/// </summary>
internal sealed class CaptureWorker(CaptureQueue queue, CaptureEngine engine, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _dirty = true;
    private Task? _loop;

    public void Start() => _loop ??= Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Wakes the worker for a newly queued job.</summary>
    public void Notify()
    {
        lock (_lock)
        {
            _dirty = true;
            if (_idle.Task.IsCompleted)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _signal.Release();
    }

    /// <summary>Completes once every queued job has been applied or skipped.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    /// <summary>Runs every pending job now, on the caller (the loop does this; so can a one-shot tool like the CLI).</summary>
    public async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        while (await queue.NextAsync(cancellationToken).ConfigureAwait(false) is var (id, job))
        {
            await engine.RunAsync(id, job, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _dirty = false;
                }

                try
                {
                    await RunPendingAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // E.g. the disk is full: the job stays pending and is tried again on the next wake-up.
                    CaptureLog.WorkerFailed(logger, e);
                }

                lock (_lock)
                {
                    if (!_dirty)
                    {
                        _idle.TrySetResult();
                    }
                }

                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; pending jobs stay queued for the next start.
        }
    }
}
