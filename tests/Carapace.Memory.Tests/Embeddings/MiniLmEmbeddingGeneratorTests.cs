using System.Numerics.Tensors;
using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests.Embeddings;

public sealed class MiniLmEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_LocalModel_GivesUnitVectorsThatRankMeaning()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        var vectors = await generator.GenerateAsync(["I adopted a puppy last week", "We got a new dog recently", "The quarterly tax filing is due"]);

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3));
        var related = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(related > unrelated + 0.2, $"related {related}, unrelated {unrelated}");
        Assert.Equal(MiniLmEmbeddingGenerator.ModelId, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
