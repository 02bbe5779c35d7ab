namespace Carapace.Memory.Files;

/// <summary>What <c>memory_get</c> returns: the requested lines, or an error that tells the model what to fix.</summary>
/// <param name="Path">The normalised relative path asked for.</param>
/// <param name="Text">The lines, joined with <c>\n</c>; empty when the file does not exist.</param>
/// <param name="Error">Why nothing was read, or null.</param>
public sealed record MemoryFileText(string Path, string Text, string? Error = null);
