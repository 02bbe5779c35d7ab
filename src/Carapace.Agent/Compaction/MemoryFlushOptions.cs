using Carapace.Core.Config;

namespace Carapace.Agent.Compaction;

/// <summary>
/// <c>agents.defaults.compaction.memoryFlush</c>: durable facts are captured from the turns about to be summarised
/// before every compaction, and once per compaction cycle a little earlier, when the prompt crosses the soft threshold.
/// </summary>
public sealed record MemoryFlushOptions
{
    /// <summary>Flush before compacting (<c>enabled</c>); default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How many tokens before the compaction threshold the early flush runs (<c>softThresholdTokens</c>); default 4000.</summary>
    public int SoftThresholdTokens { get; init; } = 4_000;

    /// <summary>Binds <c>memoryFlush</c>; absent keys keep their defaults.</summary>
    public static MemoryFlushOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var fallback = new MemoryFlushOptions();
        return fallback with
        {
            Enabled = section["enabled"].AsBool(fallback.Enabled),
            SoftThresholdTokens = section["softThresholdTokens"].AsInt(fallback.SoftThresholdTokens, 0, 100_000_000),
        };
    }
}
