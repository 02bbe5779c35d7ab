using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>
/// A static embedding model (model2vec-style) distilled locally from the shipped Arctic-XS transformer: a text's vector
/// is the normalised sum of its tokens' precomputed vectors, so indexing needs no transformer pass per text and runs
/// thousands of texts per second. The token table is distilled once into the state directory and reloaded after.
/// </summary>
public sealed class StaticEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The table's file name inside the models directory.</summary>
    public const string FileName = "arctic-xs-static.bin";

    private readonly string _path;
    private readonly IReadOnlyCollection<string>? _subsetTexts;
    private readonly StaticRecipe _recipe;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<WordPieceTokenizer> _tokenizer = new(() => new WordPieceTokenizer(ArcticXsPackage.ReadVocabulary()));
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly EmbeddingGeneratorMetadata _metadata = new("local", null, LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXsStatic), LocalEmbeddingGenerator.Dimensions);
    private StaticEmbeddingTable? _table;

    /// <summary>A generator whose table lives in <paramref name="modelsDirectory"/>; it is loaded, or distilled, on first use.</summary>
    public StaticEmbeddingGenerator(string modelsDirectory, ILogger? logger = null, TimeProvider? time = null)
        : this(Path.Combine(modelsDirectory, FileName), null, new StaticRecipe(), logger, time)
    {
    }

    /// <summary>
    /// A generator over the table at <paramref name="tablePath"/>. With <paramref name="subsetTexts"/>, only the tokens of
    /// those texts are distilled (tests and experiments); <paramref name="recipe"/> chooses pooling and weighting.
    /// </summary>
    internal StaticEmbeddingGenerator(string tablePath, IReadOnlyCollection<string>? subsetTexts, StaticRecipe recipe, ILogger? logger, TimeProvider? time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tablePath);
        _path = tablePath;
        _subsetTexts = subsetTexts;
        _recipe = recipe;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var table = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<int>(256);
        var row = new float[table.Header.Dimensions];
        var id = _metadata.DefaultModelId;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Encode(table, text ?? "", ids, row)) { ModelId = id });
        }

        return result;
    }

    /// <summary>The table, read from disk or distilled (and written) when missing, corrupt or built differently.</summary>
    internal async Task<StaticEmbeddingTable> LoadAsync(CancellationToken cancellationToken)
    {
        if (_table is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_table is null)
            {
                var tokenizer = _tokenizer.Value;
                var subset = _subsetTexts is null ? null : SubsetIds(tokenizer, _subsetTexts);
                var header = new StaticTableHeader(
                    _metadata.DefaultModelId + (subset is null ? "" : $" (subset of {subset.Count} tokens, {Hash(string.Join(',', subset))[..12]})"),
                    _recipe.Name, tokenizer.Vocabulary.Count, LocalEmbeddingGenerator.Dimensions, Hash(string.Join('\n', tokenizer.Vocabulary)));
                var (table, problem) = await StaticEmbeddingTable.ReadAsync(_path, header, cancellationToken).ConfigureAwait(false);
                _table = table ?? await DistillAsync(tokenizer, header, subset, problem!, cancellationToken).ConfigureAwait(false);
            }

            return _table;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The text's vector: the normalised sum of its token rows; all zeros when no token is known.</summary>
    internal float[] Encode(StaticEmbeddingTable table, string text, List<int> ids, float[] row)
    {
        ids.Clear();
        _tokenizer.Value.Tokenize(text, ids);
        var sum = new float[table.Header.Dimensions];
        foreach (var token in ids)
        {
            TensorPrimitives.ConvertToSingle(table.Row(token), row);
            TensorPrimitives.Add(sum, row, sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    private async Task<StaticEmbeddingTable> DistillAsync(WordPieceTokenizer tokenizer, StaticTableHeader header, IReadOnlyCollection<int>? subset, string problem, CancellationToken cancellationToken)
    {
        StaticEmbeddingLog.Distilling(_logger, _path, problem, header.SourceModel);
        var started = _time.GetTimestamp();
        var total = subset?.Count ?? tokenizer.Vocabulary.Count;
        var reported = 0;
        var vectors = await Task.Run(
            () => StaticModelDistiller.Distill(tokenizer.Vocabulary, header.Dimensions, _recipe.MeanPooling, subset, done =>
            {
                if (done * 10 / Math.Max(total, 1) > reported)
                {
                    reported = done * 10 / Math.Max(total, 1);
                    StaticEmbeddingLog.Progress(_logger, done, total);
                }
            }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        _recipe.Apply(vectors, header.Dimensions, tokenizer.Vocabulary);
        var table = StaticEmbeddingTable.Create(header, vectors);
        await table.WriteAsync(_path, cancellationToken).ConfigureAwait(false);
        StaticEmbeddingLog.Distilled(_logger, _path, total, header.Dimensions, _time.GetElapsedTime(started).TotalSeconds);
        return table;
    }

    private static List<int> SubsetIds(WordPieceTokenizer tokenizer, IEnumerable<string> texts)
    {
        var ids = new List<int>();
        foreach (var text in texts)
        {
            tokenizer.Tokenize(text, ids);
        }

        return ids.Distinct().Order().ToList();
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose() => _loading.Dispose();
}
