namespace Carapace.Memory.Search;

/// <summary>One <c>memory_search</c> result: where it is, how well it matched, and a snippet the model can quote.</summary>
/// <param name="Path">Relative path, e.g. <c>memory/2026-01-31.md</c>.</param>
/// <param name="StartLine">First line, 1-based.</param>
/// <param name="EndLine">Last line, inclusive.</param>
/// <param name="Score">Final score after weighting and decay, 0..1.</param>
/// <param name="Snippet">The matched lines, at most 700 characters.</param>
/// <param name="Source"><c>memory</c> or <c>sessions</c>.</param>
/// <param name="Citation"><c>path#Lstart-Lend</c>, or <c>path#Ln</c> for one line.</param>
public sealed record MemoryHit(string Path, int StartLine, int EndLine, double Score, string Snippet, string Source, string Citation)
{
    /// <summary>The citation form for a line range.</summary>
    public static string Cite(string path, int startLine, int endLine) =>
        startLine == endLine ? $"{path}#L{startLine}" : $"{path}#L{startLine}-L{endLine}";
}
