using Carapace.Memory.Vectors;

namespace Carapace.Memory.Tests.Vectors;

public sealed class InMemoryVectorIndexTests
{
    [Fact]
    public async Task SearchAsync_OnlyAllowedScopes_AreReturned()
    {
        using var index = new InMemoryVectorIndex(2);
        await index.UpsertAsync([new VectorEntry(1, "owner", [1, 0]), new VectorEntry(2, "session-b", [1, 0]), new VectorEntry(3, "owner", [0, 1])], CancellationToken.None);

        var hits = await index.SearchAsync(new float[] { 1, 0 }, 10, ["owner"], CancellationToken.None);

        Assert.Equal([1L, 3L], hits.Select(h => h.Id));
        Assert.Empty(await index.SearchAsync(new float[] { 1, 0 }, 10, ["nobody"], CancellationToken.None));
    }

    [Fact]
    public async Task RemoveAsync_ThenUpsert_ReusesSlotsAndForgetsOld()
    {
        using var index = new InMemoryVectorIndex(2);
        await index.UpsertAsync([new VectorEntry(1, "s", [1, 0]), new VectorEntry(2, "s", [0, 1])], CancellationToken.None);
        await index.RemoveAsync([1], CancellationToken.None);
        await index.UpsertAsync([new VectorEntry(7, "s", [0.6f, 0.8f])], CancellationToken.None);

        var hits = await index.SearchAsync(new float[] { 1, 0 }, 10, ["s"], CancellationToken.None);

        Assert.Equal(2, index.Count);
        Assert.Equal([7L, 2L], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task SearchAsync_ManyVectorsExactScan_ReturnsExactTopKInOrder()
    {
        using var index = new InMemoryVectorIndex(8, new VectorScanOptions { ExactBelow = int.MaxValue });
        var random = new Random(1);
        var entries = Enumerable.Range(0, 30_000).Select(i => new VectorEntry(i, "s", Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray())).ToList();
        await index.UpsertAsync(entries, CancellationToken.None);
        var query = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray();

        var hits = await index.SearchAsync(query, 5, ["s"], CancellationToken.None);

        var expected = entries.OrderByDescending(e => e.Vector.Zip(query, (a, b) => a * b).Sum()).Take(5).Select(e => e.Id);
        Assert.Equal(expected, hits.Select(h => h.Id));
    }

    [Fact]
    public async Task SearchAsync_NearDuplicateOfTheQuery_IsRankedJustBelowTheExactMatch()
    {
        using var index = new InMemoryVectorIndex(384);
        var random = new Random(3);
        var query = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var near = query.ToArray();
        near[0] -= 1e-4f * MathF.Sign(query[0]); // a dot product lower by ~1e-4 only
        var entries = Enumerable.Range(10, 1000).Select(i => new VectorEntry(i, "s", Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())).ToList();
        entries.Add(new VectorEntry(1, "s", near));
        entries.Add(new VectorEntry(2, "s", query.ToArray()));
        await index.UpsertAsync(entries, CancellationToken.None);

        var hits = await index.SearchAsync(query, 2, ["s"], CancellationToken.None);

        Assert.Equal([2L, 1L], hits.Select(h => h.Id));
        Assert.Equal(query.Sum(v => v * v), hits[0].Score, 3);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task UpsertAsync_WrongDimensions_ThrowsNamingTheVector()
    {
        using var index = new InMemoryVectorIndex(3);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await index.UpsertAsync([new VectorEntry(5, "s", [1, 2])], CancellationToken.None));

        Assert.Contains("vector 5 has 2 dimensions", error.Message, StringComparison.Ordinal);
    }
}
