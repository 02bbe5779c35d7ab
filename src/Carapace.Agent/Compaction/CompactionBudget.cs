namespace Carapace.Agent.Compaction;

/// <summary>The token thresholds of one model window, from <see cref="CompactionOptions.BudgetFor"/>.</summary>
/// <param name="CompactAt">Compact before the model call when the prompt reaches this (window minus reserve).</param>
/// <param name="FlushAt">Flush memory early, once per cycle, from this size (int.MaxValue when the flush is off).</param>
/// <param name="KeepRecent">Tokens of recent turns kept verbatim.</param>
/// <param name="ChunkTokens">The most transcript sent to the model in one summary request.</param>
internal sealed record CompactionBudget(int CompactAt, int FlushAt, int KeepRecent, int ChunkTokens);
