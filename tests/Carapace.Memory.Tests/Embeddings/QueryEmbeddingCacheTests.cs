using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests.Embeddings;

public sealed class QueryEmbeddingCacheTests
{
    [Fact]
    public async Task GenerateAsync_SameQueryFromTwoCallers_EmbeddedOnce()
    {
        var inner = new TestEmbeddingGenerator();
        var cache = QueryEmbeddingCache.Wrap(inner);

        var fromFacts = await cache.GenerateAsync(["when is the recital?"], LocalEmbeddingGenerator.QueryOptions);
        var fromFiles = await cache.GenerateVectorAsync("when is the recital?", LocalEmbeddingGenerator.QueryOptions);

        Assert.Equal(1, inner.Embedded);
        Assert.Equal(fromFacts[0].Vector.ToArray(), fromFiles.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_PassagesAndBatches_NeverCached()
    {
        var inner = new TestEmbeddingGenerator();
        var cache = QueryEmbeddingCache.Wrap(inner);

        await cache.GenerateAsync(["a line of a daily log"]);
        await cache.GenerateAsync(["a line of a daily log"]);
        await cache.GenerateAsync(["one", "two"], LocalEmbeddingGenerator.QueryOptions);
        await cache.GenerateAsync(["one", "two"], LocalEmbeddingGenerator.QueryOptions);

        Assert.Equal(6, inner.Embedded);
    }

    [Fact]
    public async Task GenerateAsync_GeneratorThatIsNotLocal_GetsNoQueryMark()
    {
        var inner = new TestEmbeddingGenerator();

        await QueryEmbeddingCache.Wrap(inner).GenerateAsync(["a question"], LocalEmbeddingGenerator.QueryOptions);

        Assert.Null(inner.LastOptions);
    }

    [Fact]
    public void Wrap_AlreadyCached_NotWrappedTwice()
    {
        var cache = QueryEmbeddingCache.Wrap(new TestEmbeddingGenerator());

        Assert.Same(cache, QueryEmbeddingCache.Wrap(cache));
    }
}
