using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>
/// model2vec's distillation: every vocabulary token is run once through the Arctic-XS transformer as
/// <c>[CLS] token [SEP]</c> and its pooled, normalised output (the [CLS] vector, as the package pools, or the mean of
/// the three positions) becomes the token's static vector. Special tokens get zero vectors. A subset of ids may be given to keep tests quick.
/// </summary>
internal static class StaticModelDistiller
{
    private const int BatchSize = 512;
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    /// <summary>
    /// Row-major vectors (<c>vocabulary.Count × dimensions</c>) for the ids in <paramref name="only"/> (all when null);
    /// <paramref name="progress"/> hears the number of tokens done after every batch.
    /// </summary>
    public static float[] Distill(IReadOnlyList<string> vocabulary, int dimensions, bool meanPooling, IReadOnlyCollection<int>? only, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var cls = vocabulary.IndexOf("[CLS]");
        var sep = vocabulary.IndexOf("[SEP]");
        if (cls < 0 || sep < 0)
        {
            throw new InvalidOperationException("The Arctic-XS vocabulary has no [CLS] or [SEP] token; the package is damaged.");
        }

        var ids = (only ?? Enumerable.Range(0, vocabulary.Count).ToArray())
            .Where(id => id >= 0 && id < vocabulary.Count && !WordPieceTokenizer.IsSpecial(vocabulary[id]))
            .Distinct().Order().ToArray();
        var vectors = new float[vocabulary.Count * dimensions];
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(ArcticXsPackage.ReadModel(), options);
        string[] outputNames = [session.OutputMetadata.Keys.First()];
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        for (var start = 0; start < ids.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = ids.AsSpan(start, Math.Min(BatchSize, ids.Length - start));
            var input = new long[batch.Length * 3];
            for (var j = 0; j < batch.Length; j++)
            {
                input[j * 3] = cls;
                input[(j * 3) + 1] = batch[j];
                input[(j * 3) + 2] = sep;
            }

            long[] shape = [batch.Length, 3];
            using var inputIds = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, input.Length).ToArray(), shape);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[input.Length], shape);
            using var results = session.Run(runOptions, InputNames, [inputIds, mask, types], outputNames);
            var hidden = results[0].GetTensorDataAsSpan<float>();
            var width = hidden.Length / batch.Length; // 3 positions × hidden size
            if (width != 3 * dimensions)
            {
                throw new InvalidOperationException($"The Arctic-XS graph returned {width / 3} values per position, expected {dimensions}.");
            }

            for (var j = 0; j < batch.Length; j++)
            {
                var target = vectors.AsSpan(batch[j] * dimensions, dimensions);
                hidden.Slice(j * width, dimensions).CopyTo(target);
                if (meanPooling)
                {
                    TensorPrimitives.Add(target, hidden.Slice((j * width) + dimensions, dimensions), target);
                    TensorPrimitives.Add(target, hidden.Slice((j * width) + (2 * dimensions), dimensions), target);
                }

                TensorPrimitives.Divide(target, MathF.Max(TensorPrimitives.Norm(target), 1e-12f), target);
            }

            progress?.Invoke(start + batch.Length);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return vectors;
    }

    private static int IndexOf(this IReadOnlyList<string> tokens, string token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == token)
            {
                return i;
            }
        }

        return -1;
    }
}
