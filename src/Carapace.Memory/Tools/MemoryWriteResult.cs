namespace Carapace.Memory.Tools;

/// <summary>What <c>memory_write</c> returns: the file appended to, or why nothing was written.</summary>
public sealed record MemoryWriteResult(string? Path, string? Error)
{
    /// <summary>True when the text was appended.</summary>
    public bool Written => Error is null;
}
