using Carapace.Memory.Files;

namespace Carapace.Memory.Index;

/// <summary>The owner's MEMORY.md and memory/**/*.md as an index source; every document is in the owner scope.</summary>
public sealed class WorkspaceFileSource(MemoryWorkspace workspace) : IMemorySource
{
    /// <inheritdoc />
    public string Name => "memory";

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemoryDocument>> ListAsync(CancellationToken cancellationToken)
    {
        var documents = new List<MemoryDocument>();
        foreach (var relative in workspace.ListFiles())
        {
            var info = new FileInfo(Path.Combine(workspace.Root, relative));
            if (info.Exists)
            {
                documents.Add(new MemoryDocument(relative, Name, MemoryDocument.OwnerScope, info.LastWriteTimeUtc, info.Length));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<MemoryDocument>>(documents);
    }

    /// <inheritdoc />
    public async ValueTask<string?> ReadAsync(MemoryDocument document, CancellationToken cancellationToken)
    {
        var full = workspace.Resolve(document.Path, out _);
        if (full is null || !File.Exists(full))
        {
            return null;
        }

        return await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
    }
}
