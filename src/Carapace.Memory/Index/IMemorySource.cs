namespace Carapace.Memory.Index;

/// <summary>
/// Feeds texts to the index. The workspace files are one source; the sessions store can feed transcripts through the
/// same contract (each transcript scoped to its session key) without the index knowing how transcripts are stored.
/// </summary>
public interface IMemorySource
{
    /// <summary>The source name stored with every chunk: <c>memory</c> or <c>sessions</c>.</summary>
    string Name { get; }

    /// <summary>Lists the documents that exist now.</summary>
    ValueTask<IReadOnlyList<MemoryDocument>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads a listed document's text as lines; null when it vanished meanwhile.</summary>
    ValueTask<string?> ReadAsync(MemoryDocument document, CancellationToken cancellationToken);
}
