namespace Carapace.Memory.Facts;

/// <summary>One change to a fact: the audit trail behind <c>memory_history</c>.</summary>
public sealed record FactHistoryEntry(string FactId, FactEvent Event, string? OldText, string? NewText, DateTimeOffset At, FactSource Source);
