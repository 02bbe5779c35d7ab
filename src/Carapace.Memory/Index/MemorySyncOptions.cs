using Carapace.Core.Config;

namespace Carapace.Memory.Index;

/// <summary>How the index stays current: a file watcher debounced by 1500 ms (on), an optional periodic check (off), and a sync before a search that may see stale files.</summary>
public sealed record MemorySyncOptions
{
    /// <summary>Watch MEMORY.md and memory/ for changes. Default true.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>Quiet time after the last change before re-indexing. Default 1500 ms.</summary>
    public int WatchDebounceMs { get; init; } = 1500;

    /// <summary>Minutes between periodic checks; 0 turns them off. Default 0.</summary>
    public int IntervalMinutes { get; init; }

    /// <summary>
    /// Sync before a search when the index may be stale: the first search after the index was opened (files may have
    /// changed while nothing watched them) and any search after the watcher saw a change not yet indexed. Default true.
    /// </summary>
    public bool OnSearch { get; init; } = true;

    /// <summary>
    /// How long a search waits for that sync before it answers from the index as it is, saying so in its notice (the
    /// sync goes on in the background: a large first index takes minutes with the transformer model). Default 5000 ms.
    /// </summary>
    public int SearchWaitMs { get; init; } = 5000;

    /// <summary>Reads <c>sync.{watch, watchDebounceMs, intervalMinutes, onSearch, searchWaitMs}</c>.</summary>
    public static MemorySyncOptions Bind(ConfigSection section)
    {
        var d = new MemorySyncOptions();
        return new MemorySyncOptions
        {
            Watch = section["watch"].AsBool(d.Watch),
            WatchDebounceMs = section["watchDebounceMs"].AsInt(d.WatchDebounceMs, 0, 600_000),
            IntervalMinutes = section["intervalMinutes"].AsInt(d.IntervalMinutes, 0, 10_080),
            OnSearch = section["onSearch"].AsBool(d.OnSearch),
            SearchWaitMs = section["searchWaitMs"].AsInt(d.SearchWaitMs, 0, 600_000),
        };
    }
}
