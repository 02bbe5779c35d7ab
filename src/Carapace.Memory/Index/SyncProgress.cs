namespace Carapace.Memory.Index;

/// <summary>Progress of a sync for a progress bar: documents done of total, and the one being indexed.</summary>
public readonly record struct SyncProgress(int Done, int Total, string? Current);
