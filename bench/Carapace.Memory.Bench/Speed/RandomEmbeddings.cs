using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Speed;

/// <summary>
/// Stand-in vectors for building large indexes fast: a unit vector seeded by the text, same size as MiniLM's. The
/// search path does the same work whatever the values are; queries are still embedded by the real local model.
/// </summary>
internal sealed class RandomEmbeddings(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.Select(v =>
        {
            var random = new Random(StringComparer.Ordinal.GetHashCode(v));
            var vector = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] = (float)(random.NextDouble() * 2 - 1);
            }

            return new Embedding<float>(vector);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
