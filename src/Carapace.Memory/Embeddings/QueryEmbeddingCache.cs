using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Remembers the vectors of recent queries (calls marked with <see cref="LocalEmbeddingGenerator.QueryOptions"/>), so a
/// turn that recalls facts and searches memory files embeds its message once, and a repeated search not at all. The
/// query mark is passed on only to the local models that read it; a remote endpoint gets plain options.
/// </summary>
public sealed class QueryEmbeddingCache : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Embedding<float>> _queries = new(StringComparer.Ordinal);
    private readonly bool _innerReadsQueryMark;

    private QueryEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner)
        : base(inner) => _innerReadsQueryMark = inner.GetService<LocalEmbeddingGenerator>() is not null;

    /// <summary>The generator with a query cache in front, unless it already has one.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Wrap(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService<QueryEmbeddingCache>() is not null ? generator : new QueryEmbeddingCache(generator);
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!LocalEmbeddingGenerator.IsQuery(options))
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        if (texts.Count == 1 && _queries.TryGetValue(texts[0], out var known))
        {
            return new GeneratedEmbeddings<Embedding<float>>([known]);
        }

        var generated = await base.GenerateAsync(texts, _innerReadsQueryMark ? options : null, cancellationToken).ConfigureAwait(false);
        if (texts.Count == 1)
        {
            if (_queries.Count >= Capacity)
            {
                _queries.Clear();
            }

            _queries[texts[0]] = generated[0];
        }

        return generated;
    }
}
