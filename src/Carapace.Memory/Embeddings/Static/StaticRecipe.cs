using System.Globalization;
using System.Numerics.Tensors;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>
/// How token vectors are distilled and post-processed (model2vec's recipe): pool the transformer's output for
/// <c>[CLS] token [SEP]</c>, remove the direction all tokens share (PCA's centring) so similarity reflects what
/// differs, then weight each token by SIF, <c>a / (a + p)</c>, with its probability <c>p</c> estimated by Zipf's law
/// from its vocabulary rank, so frequent pieces ("the", punctuation) count less. The defaults scored best on LoCoMo
/// (docs/benchmarks.md, "Static local model").
/// </summary>
/// <param name="MeanPooling">Average all three positions (model2vec's default) instead of taking [CLS] (how Arctic-XS pools).</param>
/// <param name="Center">Subtract the mean token vector.</param>
/// <param name="SifCoefficient">SIF's <c>a</c>; 0 leaves every token at weight 1.</param>
internal sealed record StaticRecipe(bool MeanPooling = true, bool Center = true, double SifCoefficient = 1e-3)
{
    /// <summary>The recipe as recorded in the table header, so a table built another way is rebuilt.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"pool={(MeanPooling ? "mean" : "cls")};center={(Center ? 1 : 0)};sif={SifCoefficient:R}");

    /// <summary>Applies centring and SIF weighting in place to the non-zero rows of <paramref name="vectors"/>.</summary>
    public void Apply(float[] vectors, int dimensions, IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var rows = Enumerable.Range(0, vocabulary.Count).Where(id => TensorPrimitives.Norm(Row(vectors, dimensions, id)) > 0).ToArray();
        if (Center && rows.Length > 0)
        {
            var mean = new float[dimensions];
            foreach (var id in rows)
            {
                TensorPrimitives.Add(mean, Row(vectors, dimensions, id), mean);
            }

            TensorPrimitives.Divide(mean, rows.Length, mean);
            foreach (var id in rows)
            {
                TensorPrimitives.Subtract(Row(vectors, dimensions, id), mean, Row(vectors, dimensions, id));
            }
        }

        if (SifCoefficient > 0)
        {
            var ranks = Ranks(vocabulary);
            var harmonic = Math.Log(ranks.Length + 1) + 0.5772;
            foreach (var id in rows)
            {
                var probability = 1 / (ranks[id] * harmonic);
                TensorPrimitives.Multiply(Row(vectors, dimensions, id), (float)(SifCoefficient / (SifCoefficient + probability)), Row(vectors, dimensions, id));
            }
        }
    }

    /// <summary>
    /// Frequency ranks from 1. WordPiece vocabularies list whole words roughly by frequency, so vocabulary order is the
    /// estimate; ASCII single characters (punctuation, digits, letters) count as the most frequent and other single
    /// characters (rare scripts and symbols) as the rarest; special tokens come last.
    /// </summary>
    internal static int[] Ranks(IReadOnlyList<string> vocabulary)
    {
        var order = Enumerable.Range(0, vocabulary.Count)
            .OrderBy(id => WordPieceTokenizer.IsSpecial(vocabulary[id]) ? 3 : vocabulary[id].Length == 1 ? (vocabulary[id][0] < 128 ? 0 : 2) : 1)
            .ThenBy(id => id);
        var ranks = new int[vocabulary.Count];
        var rank = 1;
        foreach (var id in order)
        {
            ranks[id] = rank++;
        }

        return ranks;
    }

    private static Span<float> Row(float[] vectors, int dimensions, int id) => vectors.AsSpan(id * dimensions, dimensions);
}
