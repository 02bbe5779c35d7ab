using System.Numerics.Tensors;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Embeddings.Static;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests.Embeddings.Static;

[Collection(StaticModelCollection.Name)]
public sealed class StaticEmbeddingGeneratorTests(StaticTableFixture fixture)
{
    [Fact]
    public void FirstUse_NoTable_DistilsWithProgressAndWritesTheFile()
    {
        Assert.True(File.Exists(fixture.TablePath));
        Assert.Contains(fixture.Log.Lines, l => l.Contains("does not exist yet", StringComparison.Ordinal) && l.Contains("distilling", StringComparison.Ordinal));
        Assert.Contains(fixture.Log.Lines, l => l.StartsWith("Distilling static embeddings:", StringComparison.Ordinal));
        Assert.Contains(fixture.Log.Lines, l => l.Contains("written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_ValidTable_ReloadsWithoutDistilling()
    {
        using var dir = new TempDir();
        var path = Copy(dir);
        var log = new ListLogger();
        using var generator = StaticTableFixture.Create(path, log);
        using var original = StaticTableFixture.Create(fixture.TablePath);

        var reloaded = await generator.GenerateAsync(StaticTableFixture.Texts);
        var expected = await original.GenerateAsync(StaticTableFixture.Texts);

        Assert.Empty(log.Lines);
        Assert.Equal(expected.Select(e => e.Vector.ToArray()), reloaded.Select(e => e.Vector.ToArray()));
    }

    [Theory]
    [InlineData("flip", "checksum")]
    [InlineData("truncate", "checksum")]
    [InlineData("empty", "not a Carapace static embedding table")]
    public async Task LoadAsync_CorruptTable_IsRebuiltWithReason(string damage, string reason)
    {
        using var dir = new TempDir();
        var path = Copy(dir);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "flip" => bytes.Select((b, i) => i == bytes.Length / 2 ? (byte)(b ^ 0x40) : b).ToArray(),
            "truncate" => bytes[..(bytes.Length - 1000)],
            _ => [],
        });
        var log = new ListLogger();
        using var generator = StaticTableFixture.Create(path, log);

        var vectors = await generator.GenerateAsync(StaticTableFixture.Texts);

        Assert.Contains(log.Lines, l => l.Contains(reason, StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(fixture.TablePath), File.ReadAllBytes(path));
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3));
    }

    [Fact]
    public async Task LoadAsync_TableWithOtherRecipe_IsRebuilt()
    {
        using var dir = new TempDir();
        var path = Copy(dir);
        var log = new ListLogger();
        using var generator = StaticTableFixture.Create(path, log, new StaticRecipe(MeanPooling: false, Center: false, SifCoefficient: 0));

        await generator.LoadAsync(CancellationToken.None);

        Assert.Contains(log.Lines, l => l.Contains("pool=mean;center=1;sif=0.001", StringComparison.Ordinal) && l.Contains("expected", StringComparison.Ordinal));
        Assert.NotEqual(File.ReadAllBytes(fixture.TablePath), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task GenerateAsync_Texts_AreDeterministicNormalisedAndRankParaphrasesFirst()
    {
        using var generator = StaticTableFixture.Create(fixture.TablePath);

        var first = await generator.GenerateAsync(StaticTableFixture.Texts);
        var second = await generator.GenerateAsync(StaticTableFixture.Texts.Reverse());

        Assert.Equal(first.Select(e => e.Vector.ToArray()), second.Reverse().Select(e => e.Vector.ToArray()));
        Assert.All(first, v => Assert.Equal(LocalEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(first, v => Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3));
        var paraphrase = TensorPrimitives.Dot(first[0].Vector.Span, first[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(first[0].Vector.Span, first[2].Vector.Span);
        Assert.True(paraphrase > unrelated + 0.2, $"paraphrase {paraphrase}, unrelated {unrelated}");
        Assert.Equal(LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXsStatic), first[0].ModelId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("😀😀")]
    public async Task GenerateAsync_NoKnownToken_GivesZeroVector(string text)
    {
        using var generator = StaticTableFixture.Create(fixture.TablePath);

        var vector = (await generator.GenerateAsync([text]))[0].Vector.ToArray();

        Assert.Equal(LocalEmbeddingGenerator.Dimensions, vector.Length);
        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    private string Copy(TempDir dir)
    {
        var path = Path.Combine(dir.Path, StaticEmbeddingGenerator.FileName);
        File.Copy(fixture.TablePath, path);
        return path;
    }
}
