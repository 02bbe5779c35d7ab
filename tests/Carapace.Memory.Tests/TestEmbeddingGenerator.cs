using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests;

/// <summary>
/// Stands in for an embedding provider (the outside world): hashes lowercase words into a 64-dim bag-of-words vector,
/// so texts sharing words are close. Counts texts embedded; can be told to fail like a provider that is down.
/// </summary>
internal sealed class TestEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 64;

    public int Embedded { get; private set; }

    public Exception? Failure { get; set; }

    /// <summary>The options of the last call, to see what a wrapper passed on.</summary>
    public EmbeddingGenerationOptions? LastOptions { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        var list = values.ToList();
        Embedded += list.Count;
        LastOptions = options;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Vector(v)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static float[] Vector(string text) => HashedWordVector.Of(Carapace.Memory.Search.FtsQuery.Keywords(text), Dimensions);
}
