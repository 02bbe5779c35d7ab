namespace Carapace.Memory.Files;

/// <summary>Where <c>memory_write</c> appends: today's daily log or the curated MEMORY.md.</summary>
public enum MemoryWriteTarget
{
    /// <summary><c>memory/YYYY-MM-DD.md</c> for today in the user's time zone.</summary>
    Daily,

    /// <summary><c>MEMORY.md</c>.</summary>
    Memory,
}
