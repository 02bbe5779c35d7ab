namespace Carapace.Memory.Index;

/// <summary>
/// One indexable text as a source lists it: a workspace file, or later a session transcript. <see cref="Scope"/> says
/// who may see its chunks: <see cref="OwnerScope"/> for the owner's files, a session key for that session's transcript.
/// </summary>
/// <param name="Path">Relative path shown in citations, e.g. <c>memory/2026-01-31.md</c> or <c>sessions/abc.jsonl</c>.</param>
/// <param name="Source"><c>memory</c> or <c>sessions</c>.</param>
/// <param name="Scope">Who may read it.</param>
/// <param name="ModifiedAt">Last change, for skipping unread files and for decay of undated sources.</param>
/// <param name="Size">Size in bytes, with <paramref name="ModifiedAt"/> a cheap "unchanged" check before hashing.</param>
public sealed record MemoryDocument(string Path, string Source, string Scope, DateTimeOffset ModifiedAt, long Size)
{
    /// <summary>The scope of the owner's private workspace files.</summary>
    public const string OwnerScope = "owner";
}
