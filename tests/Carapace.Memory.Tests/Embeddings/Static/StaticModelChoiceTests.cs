using Carapace.Core.Config;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Embeddings.Static;
using Carapace.Memory.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests.Embeddings.Static;

[Collection(StaticModelCollection.Name)]
public sealed class StaticModelChoiceTests(StaticTableFixture fixture)
{
    [Theory]
    [InlineData("arctic-xs-static", LocalEmbeddingModel.ArcticXsStatic)]
    [InlineData(" Static ", LocalEmbeddingModel.ArcticXsStatic)]
    [InlineData("arctic-xs", LocalEmbeddingModel.ArcticXs)]
    [InlineData("arctic-xs-static-v2", LocalEmbeddingModel.ArcticXs)]
    public void LocalModel_StaticNames_Resolve(string name, LocalEmbeddingModel expected) => Assert.Equal(expected, EmbeddingGenerators.LocalModel(name));

    [Fact]
    public void Bind_StaticModelAndCacheDir_AreRead()
    {
        var doc = ConfigDocument.Parse("{ memory: { search: { model: 'arctic-xs-static', local: { modelCacheDir: '/srv/carapace/models' } } } }", "config.json5");

        var options = MemorySearchOptions.BindRoot(doc.Root).Embeddings;

        Assert.Equal(("arctic-xs-static", "/srv/carapace/models"), (options.Model, options.ModelCacheDirectory));
        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void Bind_UnknownLocalModel_ErrorListsTheStaticModel()
    {
        var doc = ConfigDocument.Parse("{ memory: { search: { model: 'word2vec' } } }", "config.json5");

        MemorySearchOptions.BindRoot(doc.Root);

        Assert.Contains(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error && d.Path == "memory.search.model" && d.Message.Contains("arctic-xs-static", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_StaticModel_HasItsOwnIdentityAndGenerator()
    {
        using var dir = new TempDir();

        var (generator, identity) = EmbeddingGenerators.Create(new EmbeddingOptions { Model = "arctic-xs-static", ModelCacheDirectory = dir.Path });
        var (transformer, transformerIdentity) = EmbeddingGenerators.Create(new EmbeddingOptions());
        using (generator)
        using (transformer)
        {
            Assert.Equal("local:Snowflake/snowflake-arctic-embed-xs:static-v1", identity);
            Assert.NotEqual(transformerIdentity, identity);
            Assert.NotNull(generator!.GetService<StaticEmbeddingGenerator>());
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path)); // nothing distilled until first use
        }
    }

    [Fact]
    public void Create_StaticModelWithoutDirectory_SaysWhichKeyIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingGenerators.Create(new EmbeddingOptions { Model = "static" }));

        Assert.Contains("memory.search.local.modelCacheDir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalEmbeddingGenerator_StaticModel_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXsStatic));

    [Fact]
    public async Task OpenAsync_SwitchToStaticModel_ReindexesWithItsVectorsAndFindsByMeaningOfWords()
    {
        using var dir = new TempDir();
        dir.File("MEMORY.md", "# Notes\n\nI adopted a puppy last week.\n\nThe quarterly tax filing is due on Friday.\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));
        var options = new MemorySearchOptions();
        await using (var before = await AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, options, time, TimeZoneInfo.Utc, CancellationToken.None, (new TestEmbeddingGenerator(), "test:bag-of-words")))
        {
            await before.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
            Assert.Equal("test:bag-of-words", before.Index.Status().Model);
        }

        using var generator = StaticTableFixture.Create(fixture.TablePath);
        var identity = "local:" + LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXsStatic);
        await using var after = await AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, options, time, TimeZoneInfo.Utc, CancellationToken.None, ((IEmbeddingGenerator<string, Embedding<float>>?)generator, identity));
        await after.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
        var found = await after.Searcher.SearchAsync(Scopes.OwnerDirect, "adopted a small puppy from the shelter", maxResults: 1, minScore: 0, CancellationToken.None);

        var status = after.Index.Status();
        Assert.Equal((identity, LocalEmbeddingGenerator.Dimensions), (status.Model, status.Dimensions));
        Assert.True(status.Vectors > 0);
        Assert.Contains("puppy", Assert.Single(found.Results).Snippet, StringComparison.Ordinal);
    }
}
