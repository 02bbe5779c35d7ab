using System.Numerics.Tensors;
using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests.Embeddings;

public sealed class LocalEmbeddingGeneratorTests
{
    [Theory]
    [InlineData(LocalEmbeddingModel.MiniLm)]
    [InlineData(LocalEmbeddingModel.ArcticXs)]
    public async Task GenerateAsync_LocalModel_GivesUnitVectorsThatRankMeaning(LocalEmbeddingModel model)
    {
        using var generator = new LocalEmbeddingGenerator(model);

        var passages = await generator.GenerateAsync(["I adopted a puppy last week", "The quarterly tax filing is due on Friday"]);
        var query = await generator.GenerateAsync(["Does she have a dog?"], LocalEmbeddingGenerator.QueryOptions);

        Assert.All(passages.Concat(query), v => Assert.Equal(LocalEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(passages, v => Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3));
        var related = TensorPrimitives.Dot(query[0].Vector.Span, passages[0].Vector.Span);
        var unrelated = TensorPrimitives.Dot(query[0].Vector.Span, passages[1].Vector.Span);
        Assert.True(related > unrelated + 0.05, $"related {related}, unrelated {unrelated}");
        Assert.Equal(LocalEmbeddingGenerator.ModelId(model), generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Theory]
    [InlineData(null, LocalEmbeddingModel.ArcticXs)]
    [InlineData("arctic-xs", LocalEmbeddingModel.ArcticXs)]
    [InlineData("Snowflake/snowflake-arctic-embed-xs", LocalEmbeddingModel.ArcticXs)]
    [InlineData("MiniLM", LocalEmbeddingModel.MiniLm)]
    public void LocalModel_Names_Resolve(string? name, LocalEmbeddingModel expected) => Assert.Equal(expected, EmbeddingGenerators.LocalModel(name));
}
