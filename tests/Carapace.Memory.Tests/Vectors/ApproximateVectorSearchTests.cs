using Carapace.Memory.Vectors;

namespace Carapace.Memory.Tests.Vectors;

/// <summary>The sign-code path of <see cref="InMemoryVectorIndex"/>: large partitions, scopes, updates, and where it switches on.</summary>
public sealed class ApproximateVectorSearchTests
{
    private const int Dims = 64;
    private static readonly VectorScanOptions Scan = new() { ExactBelow = 2_000, CandidateFraction = 0.02, MinCandidates = 20 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task SearchAsync_LargePartition_FindsTheExactTopHits(int exactPerResult)
    {
        var random = new Random(11);
        var common = Vector(random);
        var entries = Enumerable.Range(0, 6_000).Select(i => new VectorEntry(i, "s", Embedding(random, common))).ToList();
        using var approximate = new InMemoryVectorIndex(Dims, Scan with { ExactPerResult = exactPerResult });
        using var exact = new InMemoryVectorIndex(Dims, new VectorScanOptions { ExactBelow = int.MaxValue });
        await approximate.UpsertAsync(entries, CancellationToken.None);
        await exact.UpsertAsync(entries, CancellationToken.None);

        for (var q = 0; q < 20; q++)
        {
            var query = Near(random, entries[random.Next(entries.Count)].Vector);
            var want = await exact.SearchAsync(query, 1, ["s"], CancellationToken.None);
            var got = await approximate.SearchAsync(query, 5, ["s"], CancellationToken.None);

            Assert.Equal(want[0].Id, got[0].Id);
            Assert.Equal(want[0].Score, got[0].Score, 5);
        }
    }

    [Fact]
    public async Task SearchAsync_ScanSplitAcrossParts_ReturnsTheSameHitsAsOnePart()
    {
        var random = new Random(15);
        var common = Vector(random);
        var entries = Enumerable.Range(0, 12_000).Select(i => new VectorEntry(i, i % 3 == 0 ? "a" : "b", Embedding(random, common))).ToList();
        using var one = new InMemoryVectorIndex(Dims, Scan with { ScanParts = 1, CandidateFraction = 0.1 });
        using var two = new InMemoryVectorIndex(Dims, Scan with { ScanParts = 2, CandidateFraction = 0.1 });
        await one.UpsertAsync(entries, CancellationToken.None);
        await two.UpsertAsync(entries, CancellationToken.None);

        for (var q = 0; q < 5; q++)
        {
            var query = Embedding(random, common);
            var want = await one.SearchAsync(query, 10, ["a"], CancellationToken.None);
            var got = await two.SearchAsync(query, 10, ["a"], CancellationToken.None);

            Assert.Equal(want.Select(h => h.Id), got.Select(h => h.Id));
            Assert.All(got, h => Assert.Equal(0, h.Id % 3));
        }
    }

    [Fact]
    public async Task SearchAsync_SampledHistogram_ReturnsTheSameHitsAsAFullOne()
    {
        var random = new Random(19);
        var common = Vector(random);
        // Runs of one scope (whole blocks of one scope) and interleaved ones (mixed blocks), then removals and re-adds.
        var entries = Enumerable.Range(0, 12_000).Select(i => new VectorEntry(i, i < 6_000 ? (i / 640 % 2 == 0 ? "a" : "b") : i % 3 == 0 ? "a" : "b", Embedding(random, common))).ToList();
        using var full = new InMemoryVectorIndex(Dims, Scan with { SampledAbove = int.MaxValue });
        using var sampled = new InMemoryVectorIndex(Dims, Scan with { SampledAbove = 0, SampleEvery = 4 });
        foreach (var index in new[] { full, sampled })
        {
            await index.UpsertAsync(entries, CancellationToken.None);
            await index.RemoveAsync(Enumerable.Range(100, 300).Select(i => (long)i).ToList(), CancellationToken.None);
            await index.UpsertAsync(entries.Skip(100).Take(50).Select(e => e with { Scope = "b" }).ToList(), CancellationToken.None);
        }

        for (var q = 0; q < 8; q++)
        {
            var query = Embedding(random, common);
            foreach (string[] scopes in new[] { new[] { "a" }, ["b"], ["a", "b"] })
            {
                var want = await full.SearchAsync(query, 10, scopes, CancellationToken.None);
                var got = await sampled.SearchAsync(query, 10, scopes, CancellationToken.None);

                Assert.Equal(want.Select(h => h.Id), got.Select(h => h.Id));
            }
        }
    }

    [Fact]
    public async Task SearchAsync_LargePartition_ReturnsOnlyAllowedScopes()
    {
        var random = new Random(12);
        var common = Vector(random);
        var query = Embedding(random, common);
        using var index = new InMemoryVectorIndex(Dims, Scan);
        var entries = Enumerable.Range(0, 5_000).Select(i => new VectorEntry(i, i % 2 == 0 ? "a" : "b", Embedding(random, common))).ToList();
        entries.Add(new VectorEntry(-1, "b", query.ToArray()));
        entries.Add(new VectorEntry(-2, "a", Near(random, query)));
        await index.UpsertAsync(entries, CancellationToken.None);

        var hits = await index.SearchAsync(query, 10, ["a"], CancellationToken.None);

        Assert.Equal(-2L, hits[0].Id);
        Assert.All(hits, h => Assert.True(h.Id < 0 || h.Id % 2 == 0, $"hit {h.Id} is in scope b"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task UpsertAndRemove_LargePartition_AreSeenBySearch(int exactPerResult)
    {
        var random = new Random(13);
        var common = Vector(random);
        using var index = new InMemoryVectorIndex(Dims, Scan with { ExactPerResult = exactPerResult });
        await index.UpsertAsync(Enumerable.Range(0, 5_000).Select(i => new VectorEntry(i, "s", Embedding(random, common))).ToList(), CancellationToken.None);
        var query = Embedding(random, common);

        await index.UpsertAsync([new VectorEntry(7, "s", query.ToArray()), new VectorEntry(9_000, "s", Near(random, query))], CancellationToken.None);
        var before = await index.SearchAsync(query, 2, ["s"], CancellationToken.None);
        await index.RemoveAsync([7], CancellationToken.None);
        var after = await index.SearchAsync(query, 2, ["s"], CancellationToken.None);

        Assert.Equal([7L, 9_000L], before.Select(h => h.Id));
        Assert.Equal(9_000L, after[0].Id);
        Assert.DoesNotContain(after, h => h.Id == 7);
    }

    [Fact]
    public async Task SearchAsync_SmallPartitionOfLargeIndex_IsExactAndLargeOneIsNot()
    {
        // A vector whose score comes from one huge component: its sign code is far from the query's, so only an exact
        // scan finds it. Scope "small" stays under the threshold even though the index as a whole is above it.
        var random = new Random(14);
        var common = Vector(random);
        var query = Embedding(random, common);
        var entries = Enumerable.Range(0, 4_000).Select(i => new VectorEntry(i, i < 500 ? "small" : "large", Embedding(random, common))).ToList();
        var mean = Enumerable.Range(0, Dims).Select(d => entries.Average(e => e.Vector[d])).ToArray();
        var best = Array.IndexOf(query, query.Max());
        var spike = mean.Select((m, i) => i == best ? 5f : m - Math.Sign(query[i] - m) * 0.1f).ToArray();
        entries.Add(new VectorEntry(-1, "small", spike));
        entries.Add(new VectorEntry(-2, "large", spike.ToArray()));
        using var index = new InMemoryVectorIndex(Dims, Scan with { MinCandidates = 1, CandidateFraction = 0.001 });
        await index.UpsertAsync(entries, CancellationToken.None);
        var exactBest = entries.Where(e => e.Scope == "large").MaxBy(e => e.Vector.Zip(query, (a, b) => a * b).Sum())!;

        var small = await index.SearchAsync(query, 1, ["small"], CancellationToken.None);
        var large = await index.SearchAsync(query, 1, ["large"], CancellationToken.None);

        Assert.Equal(-1L, small[0].Id);
        Assert.Equal(-2L, exactBest.Id);
        Assert.NotEqual(-2L, large[0].Id);
    }

    private static float[] Vector(Random random) => Enumerable.Range(0, Dims).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>A unit vector sharing a common direction with every other, as real embeddings do.</summary>
    private static float[] Embedding(Random random, float[] common) => Unit(common.Zip(Vector(random), (c, n) => c + n).ToArray());

    private static float[] Near(Random random, float[] vector) => Unit(vector.Select(v => v + (float)(random.NextDouble() - 0.5) * 0.05f).ToArray());

    private static float[] Unit(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}
