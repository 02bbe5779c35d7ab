using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Memory;

/// <summary>
/// The one embedding generator of the process (<c>memory.search</c> provider and model), shared by the memory-file
/// index and the fact store so the local model is loaded once.
/// </summary>
public sealed class SharedEmbeddings(MemorySearchOptions options, ILoggerFactory? logging = null) : IDisposable
{
    private readonly Lazy<(IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity)> _created =
        new(() => EmbeddingGenerators.Create(options.Embeddings, logging?.CreateLogger<Carapace.Memory.Embeddings.Static.StaticEmbeddingGenerator>()));

    /// <summary>The generator (null for provider <c>none</c>) and its identity (<c>provider:model</c>).</summary>
    public (IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity) Value => _created.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_created.IsValueCreated)
        {
            _created.Value.Generator?.Dispose();
        }
    }
}
