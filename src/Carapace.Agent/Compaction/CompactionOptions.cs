using Carapace.Core.Config;

namespace Carapace.Agent.Compaction;

/// <summary>
/// <c>agents.defaults.compaction</c>: when a session's prompt nears the model's window it is compacted (older turns
/// summarised, recent turns kept verbatim) after a memory flush, so long conversations keep going without forgetting.
/// </summary>
public sealed record CompactionOptions
{
    /// <summary>Tokens kept free for the answer (<c>reserveTokens</c>); default 20000, capped at 25% of the window.</summary>
    public int ReserveTokens { get; init; } = 20_000;

    /// <summary>Tokens of the most recent turns kept verbatim (<c>keepRecentTokens</c>); default 20000, capped at half of what fits before compaction.</summary>
    public int KeepRecentTokens { get; init; } = 20_000;

    /// <summary>The memory flush before compaction (<c>memoryFlush</c>).</summary>
    public MemoryFlushOptions MemoryFlush { get; init; } = new();

    /// <summary>Binds <c>agents.defaults.compaction</c>; absent keys keep their defaults.</summary>
    public static CompactionOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var fallback = new CompactionOptions();
        return fallback with
        {
            ReserveTokens = section["reserveTokens"].AsInt(fallback.ReserveTokens, 0, 100_000_000),
            KeepRecentTokens = section["keepRecentTokens"].AsInt(fallback.KeepRecentTokens, 0, 100_000_000),
            MemoryFlush = MemoryFlushOptions.Bind(section["memoryFlush"]),
        };
    }

    /// <summary>The thresholds for a model window of <paramref name="contextTokens"/>.</summary>
    internal CompactionBudget BudgetFor(int contextTokens)
    {
        var reserve = Math.Min(ReserveTokens, contextTokens / 4);
        var compactAt = contextTokens - reserve;
        return new CompactionBudget(
            CompactAt: compactAt,
            FlushAt: MemoryFlush.Enabled ? Math.Max(0, compactAt - MemoryFlush.SoftThresholdTokens) : int.MaxValue,
            KeepRecent: Math.Min(KeepRecentTokens, compactAt / 2),
            ChunkTokens: Math.Max(1_000, compactAt / 2));
    }
}
