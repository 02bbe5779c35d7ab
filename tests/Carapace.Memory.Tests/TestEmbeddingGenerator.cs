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

    /// <summary>When set, each call first waits for the task it gives for the call's texts: a provider slow on some texts.</summary>
    public Func<IReadOnlyList<string>, Task>? Hold { get; set; }

    /// <summary>The options of the last call, to see what a wrapper passed on.</summary>
    public EmbeddingGenerationOptions? LastOptions { get; private set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        if (Hold is { } hold)
        {
            await hold(list).WaitAsync(cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        Embedded += list.Count;
        LastOptions = options;
        return new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Vector(v))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static float[] Vector(string text) => HashedWordVector.Of(Carapace.Memory.Search.FtsQuery.Keywords(text), Dimensions);
}
