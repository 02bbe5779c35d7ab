using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Memory.Index;

/// <summary>
/// Keeps an index current without anyone asking: a file watcher on MEMORY.md and memory/ that syncs once the files
/// have been quiet for the debounce time, plus an optional periodic check. Timers come from <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class MemoryIndexWatcher : IAsyncDisposable
{
    private readonly MemoryIndex _index;
    private readonly TimeSpan _debounce;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _debounceTimer;
    private readonly ITimer? _periodic;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Starts watching <paramref name="workspaceRoot"/> for <paramref name="index"/>.</summary>
    public MemoryIndexWatcher(MemoryIndex index, string workspaceRoot, MemorySyncOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _debounce = TimeSpan.FromMilliseconds(options.WatchDebounceMs);
        _logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(workspaceRoot);
        _debounceTimer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (options.IntervalMinutes > 0)
        {
            var every = TimeSpan.FromMinutes(options.IntervalMinutes);
            _periodic = time.CreateTimer(_ => Fire(), null, every, every);
        }

        _watcher = new FileSystemWatcher(workspaceRoot)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.EnableRaisingEvents = options.Watch;
    }

    /// <summary>Raised when a relevant change was seen and a sync is scheduled after the debounce.</summary>
    public event Action? ChangeScheduled;

    /// <summary>Raised after a sync started by the watcher or the periodic check finished (successfully or not).</summary>
    public event Action<Exception?>? Synced;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _watcher.Dispose();
        await _debounceTimer.DisposeAsync().ConfigureAwait(false);
        if (_periodic is not null)
        {
            await _periodic.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stopping.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        var relative = e.FullPath.Length > _watcher.Path.Length ? e.FullPath[(_watcher.Path.Length + 1)..].Replace('\\', '/') : "";
        var relevant = relative is "MEMORY.md" or "memory.md" || relative == "memory" || relative.StartsWith("memory/", StringComparison.Ordinal);
        if (!relevant || relative.Split('/').Any(p => p.StartsWith('.')))
        {
            return;
        }

        _index.MarkChanged(); // a search from now on syncs first instead of waiting for the debounce
        _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        ChangeScheduled?.Invoke();
    }

    private void Fire()
    {
        lock (_gate)
        {
            _running = _running.ContinueWith(_ => SyncOnceAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task SyncOnceAsync()
    {
        Exception? failure = null;
        try
        {
            await _index.SyncAsync(force: false, progress: null, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            failure = e;
            LogSyncFailed(_logger, e);
        }

        Synced?.Invoke(failure);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory index sync after a file change failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception error);
}
