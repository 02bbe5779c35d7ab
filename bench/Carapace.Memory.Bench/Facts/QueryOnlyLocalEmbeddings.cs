using Carapace.Memory.Bench.Speed;
using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Facts;

/// <summary>
/// For large fact pools: stored facts get stand-in vectors (fast to build), while every recall query is embedded by the
/// real local model, so the measured recall latency includes the query embedding a real turn pays.
/// </summary>
internal sealed class QueryOnlyLocalEmbeddings(LocalEmbeddingGenerator local) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly RandomEmbeddings _documents = new(LocalEmbeddingGenerator.Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        options?.AdditionalProperties?.ContainsKey(LocalEmbeddingGenerator.InputTypeKey) == true
            ? local.GenerateAsync(values, options, cancellationToken)
            : _documents.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
