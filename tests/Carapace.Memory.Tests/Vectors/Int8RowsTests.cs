using Carapace.Memory.Vectors;

namespace Carapace.Memory.Tests.Vectors;

public sealed class Int8RowsTests
{
    [Theory]
    // dimensions (16 a full SIMD step, 20 and 7 leave a tail, 384 the real size), magnitude of vectors and mean, seed
    [InlineData(16, 1.0, 1)]
    [InlineData(20, 1.0, 2)]
    [InlineData(7, 1.0, 3)]
    [InlineData(384, 0.05, 4)]
    // Hostile rows: huge and tiny magnitudes, where a fixed scale would overflow or round everything to zero.
    [InlineData(384, 1e6, 5)]
    [InlineData(64, 1e-20, 6)]
    public void Score_Table_OrdersRowsAsTheExactDotProduct(int dimensions, double magnitude, int seed)
    {
        var random = new Random(seed);
        float Component() => (float)((random.NextDouble() * 2 - 1) * magnitude);
        var mean = Enumerable.Range(0, dimensions).Select(_ => Component()).ToArray();
        var vectors = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, dimensions).Select(_ => Component()).ToArray()).ToList();
        vectors.Add(mean.ToArray()); // equal to the mean: an all-zero row
        var query = Enumerable.Range(0, dimensions).Select(_ => Component()).ToArray();
        var rows = new Int8Rows(dimensions);
        rows.Grow(vectors.Count);
        for (var slot = 0; slot < vectors.Count; slot++)
        {
            rows.Encode(slot, vectors[slot], mean);
        }

        var quantized = rows.Query(query);
        var exact = vectors.Select(v => v.Select((x, i) => ((double)x - mean[i]) * query[i]).Sum()).ToList();
        var spread = exact.Max() - exact.Min();

        Assert.Equal(0f, rows.Score(quantized, vectors.Count - 1));
        for (var a = 0; a < vectors.Count; a++)
        {
            for (var b = 0; b < vectors.Count; b++)
            {
                if (exact[a] - exact[b] > 0.05 * spread)
                {
                    Assert.True(rows.Score(quantized, a) > rows.Score(quantized, b), $"row {a} scores {exact[a]:G3} exactly, above row {b} ({exact[b]:G3}), but not on one-byte rows");
                }
            }
        }
    }

    [Fact]
    public void Query_AllZero_ScoresEveryRowZero()
    {
        var rows = new Int8Rows(20);
        rows.Grow(1);
        rows.Encode(0, Enumerable.Range(1, 20).Select(i => (float)i).ToArray(), new float[20]);

        Assert.Equal(0f, rows.Score(rows.Query(new float[20]), 0));
    }

    [Fact]
    public void Encode_SlotWrittenAgain_ScoresFromTheNewVector()
    {
        var rows = new Int8Rows(16);
        rows.Grow(2);
        var mean = new float[16];
        var up = Enumerable.Repeat(1f, 16).ToArray();
        var down = Enumerable.Repeat(-1f, 16).ToArray();
        rows.Encode(0, up, mean);
        rows.Encode(1, down, mean);
        var query = rows.Query(up);
        Assert.True(rows.Score(query, 0) > rows.Score(query, 1));

        rows.Encode(0, down, mean);
        rows.Encode(1, up, mean);

        Assert.True(rows.Score(query, 1) > rows.Score(query, 0));
    }
}
