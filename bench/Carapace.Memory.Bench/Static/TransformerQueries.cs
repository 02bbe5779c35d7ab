using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Static;

/// <summary>
/// Experiment: passages through the static model, queries (marked with <see cref="LocalEmbeddingGenerator.QueryOptions"/>)
/// through the Arctic-XS transformer, to see whether uncentred static vectors share the transformer's space.
/// </summary>
internal sealed class TransformerQueries(IEmbeddingGenerator<string, Embedding<float>> passages, LocalEmbeddingGenerator queries)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(passages)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        LocalEmbeddingGenerator.IsQuery(options) ? queries.GenerateAsync(values, options, cancellationToken) : base.GenerateAsync(values, options, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(LocalEmbeddingGenerator) ? queries : base.GetService(serviceType, serviceKey);
}
