using Carapace.Memory.Vectors;

namespace Carapace.Memory.Tests.Vectors;

public sealed class HammingSelectionTests
{
    private const int Width = 385; // distances 0..384, as for 384-dimension sign codes

    [Theory]
    // slots, parts, count, largest distance, seed, share of slots not allowed
    [InlineData(1000, 1, 20, 384, 1, 0.0)]
    [InlineData(1000, 2, 20, 384, 2, 0.0)]
    [InlineData(1001, 3, 57, 384, 3, 0.3)]
    // Heavy ties: few distinct distances, so the cut falls inside a crowd and parts must share it in slot order.
    [InlineData(5000, 2, 333, 3, 4, 0.0)]
    [InlineData(5000, 4, 1, 0, 5, 0.0)]
    [InlineData(777, 2, 776, 2, 6, 0.5)]
    // Hostile rows: nothing asked, more asked than allowed, nothing allowed, one slot, more parts than slots.
    [InlineData(100, 2, 0, 384, 7, 0.0)]
    [InlineData(100, 2, 1000, 384, 8, 0.2)]
    [InlineData(100, 2, 10, 384, 9, 1.0)]
    [InlineData(1, 1, 5, 384, 10, 0.0)]
    [InlineData(3, 4, 2, 384, 11, 0.0)]
    public void Nearest_Table_EqualsStableSortSelection(int slots, int parts, int count, int maxDistance, int seed, double disallowed)
    {
        var random = new Random(seed);
        var distances = new ushort[slots + 7]; // pooled arrays are longer than the slots in use
        Array.Fill(distances, (ushort)0);
        var size = (slots + parts - 1) / parts;
        var histograms = Enumerable.Range(0, parts).Select(_ => new int[Width]).ToArray();
        for (var slot = 0; slot < slots; slot++)
        {
            distances[slot] = random.NextDouble() < disallowed ? ushort.MaxValue : (ushort)random.Next(maxDistance + 1);
            if (distances[slot] != ushort.MaxValue)
            {
                histograms[slot / size][distances[slot]]++;
            }
        }

        var chosen = HammingSelection.Nearest(distances, slots, histograms, size, count, CancellationToken.None);

        var expected = Enumerable.Range(0, slots).Where(s => distances[s] != ushort.MaxValue)
            .OrderBy(s => distances[s]).ThenBy(s => s).Take(count).Order().ToArray();
        Assert.Equal(expected, chosen);
    }

    [Theory]
    // slots, count, largest distance, seed, share not allowed, sample every n blocks, how the sampled blocks lie
    [InlineData(20_000, 400, 384, 1, 0.0, 8, "fair")]
    [InlineData(20_000, 400, 384, 2, 0.3, 4, "fair")]
    [InlineData(20_000, 3_000, 6, 3, 0.0, 8, "fair")] // heavy ties at the cut
    [InlineData(20_000, 400, 384, 4, 0.0, 8, "near")] // a tenth of the sample is near, nothing else is: too few collected, counted in full
    [InlineData(20_000, 400, 384, 5, 0.0, 8, "far")] // the sample says everything is far: the cut is generous, still exact
    [InlineData(20_000, 25_000, 384, 6, 0.1, 8, "fair")] // more asked than allowed
    [InlineData(20_000, 0, 384, 7, 0.0, 8, "fair")]
    [InlineData(100, 10, 384, 8, 1.0, 2, "fair")] // nothing allowed
    [InlineData(1_000, 999, 2, 9, 0.0, 3, "near")]
    public void NearestSampled_Table_EqualsStableSortSelection(int slots, int count, int maxDistance, int seed, double disallowed, int every, string sampled)
    {
        var random = new Random(seed);
        var distances = new ushort[slots + 7];
        var sample = new int[Width];
        for (var slot = 0; slot < slots; slot++)
        {
            var inSample = slot / SignCodes.Block % every == 0;
            distances[slot] = random.NextDouble() < disallowed ? ushort.MaxValue
                : sampled == "near" ? (ushort)(inSample && random.NextDouble() < 0.1 ? 0 : maxDistance)
                : inSample && sampled == "far" ? (ushort)maxDistance
                : (ushort)random.Next(maxDistance + 1);
            if (inSample && distances[slot] != ushort.MaxValue)
            {
                sample[distances[slot]]++;
            }
        }

        var chosen = HammingSelection.NearestSampled(distances, slots, sample, every, count, CancellationToken.None);

        var expected = Enumerable.Range(0, slots).Where(s => distances[s] != ushort.MaxValue)
            .OrderBy(s => distances[s]).ThenBy(s => s).Take(count).Order().ToArray();
        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void Nearest_Cancelled_Throws()
    {
        var distances = new ushort[20_000];
        var histograms = new[] { new int[Width], new int[Width] };
        histograms[0][0] = 10_000;
        histograms[1][0] = 10_000;

        Assert.ThrowsAny<OperationCanceledException>(() => HammingSelection.Nearest(distances, 20_000, histograms, 10_000, 5, new CancellationToken(canceled: true)));
    }
}
