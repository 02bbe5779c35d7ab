using Carapace.Memory.Vectors;

namespace Carapace.Memory.Tests.Vectors;

/// <summary>The blocked sign codes: every popcount kernel gives the Hamming distance of the codes as defined, bit by bit.</summary>
public sealed class SignCodesTests
{
    public static TheoryData<string, int> Kernels()
    {
        var data = new TheoryData<string, int>();
        foreach (var dims in new[] { 384, 385, 64, 7, 1536 })
        {
            foreach (var kernel in Enum.GetNames<PopCountKernel>())
            {
                data.Add(kernel, dims);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Distances_EveryKernel_CountsTheDifferingSignBits(string name, int dims)
    {
        var kernel = Enum.Parse<PopCountKernel>(name);
        // A kernel this processor lacks falls back to the scalar one, which must then be right as well.
        var random = new Random(dims);
        const int slots = 200; // three whole blocks and a partial one
        var data = Enumerable.Range(0, slots * dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var scopes = Enumerable.Range(0, slots).Select(s => s % 10 == 3 ? -1 : s % 10 == 4 ? 1 : 0).ToArray();
        var codes = new SignCodes(dims);
        codes.Centre(data, slots, scopes.Select(_ => 0).ToArray(), slots);
        var query = Enumerable.Range(0, dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var code = new byte[codes.Bytes];
        codes.Code(query, code);
        var distances = new ushort[SignCodes.WholeBlocks(slots)];
        var histogram = new int[dims + 1];

        codes.Distances(0, slots, code, scopes, [true, false], distances, histogram, kernel);

        var expected = new int[dims + 1];
        for (var s = 0; s < slots; s++)
        {
            if (scopes[s] != 0)
            {
                Assert.Equal(ushort.MaxValue, distances[s]);
                continue;
            }

            var distance = 0;
            for (var i = 0; i < dims; i++)
            {
                distance += (data[s * dims + i] > codes.Mean[i]) != (query[i] > codes.Mean[i]) ? 1 : 0;
            }

            Assert.Equal(distance, distances[s]);
            expected[distance]++;
        }

        Assert.Equal(expected, histogram);
    }

    [Fact]
    public void Distances_BlockScopesAndSample_SameDistancesAndOnlySampledBlocksCounted()
    {
        const int dims = 48;
        const int slots = 64 * 6 + 10; // six whole blocks and a partial one
        var random = new Random(21);
        var data = Enumerable.Range(0, slots * dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        // Blocks 0, 2: all scope 0; block 1: all scope 1; block 3: mixed; block 4: scope 0 with one free slot; block 5: all 0.
        var scopes = Enumerable.Range(0, slots).Select(s => s / 64 == 1 ? 1 : s / 64 == 3 && s % 2 == 1 ? 1 : s == 4 * 64 + 9 ? -1 : 0).ToArray();
        int[] blockScopes = [0, 1, 0, -1, -1, 0, 0]; // the partial last block is never taken whole, whatever it says
        var codes = new SignCodes(dims);
        codes.Centre(data, slots, scopes.Select(_ => 0).ToArray(), slots);
        var code = new byte[codes.Bytes];
        codes.Code(Enumerable.Range(0, dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(), code);
        var plain = new ushort[SignCodes.WholeBlocks(slots)];
        var fast = new ushort[SignCodes.WholeBlocks(slots)];
        var full = new int[dims + 1];
        var sampled = new int[dims + 1];

        codes.Distances(0, slots, code, scopes, [true, false], plain, full);
        codes.Distances(0, slots, code, scopes, [true, false], fast, sampled, sampleEvery: 2, blockScopes: blockScopes);

        Assert.Equal(plain.AsSpan(0, slots).ToArray(), fast.AsSpan(0, slots).ToArray());
        var expected = new int[dims + 1];
        for (var s = 0; s < slots; s++)
        {
            if (s / 64 % 2 == 0 && plain[s] != ushort.MaxValue)
            {
                expected[plain[s]]++;
            }
        }

        Assert.Equal(expected, sampled);
        Assert.All(Enumerable.Range(64, 64), s => Assert.Equal(ushort.MaxValue, fast[s]));
    }

    [Fact]
    public void Distances_FromInsideABlock_IsRefused()
    {
        var codes = new SignCodes(8);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => codes.Distances(3, 10, new byte[1], new int[64], [true], new ushort[64], new int[9]));
        Assert.Contains("block boundary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_AfterGrowth_KeepsEveryEarlierCode()
    {
        const int dims = 16;
        var random = new Random(3);
        var codes = new SignCodes(dims);
        var first = Enumerable.Range(0, 70 * dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        codes.Centre(first, 70, new int[70], 70);
        var before = new ushort[SignCodes.WholeBlocks(70)];
        codes.Distances(0, 70, new byte[2], new int[70], [true], before, new int[dims + 1]);

        codes.Grow(1_000);
        var after = new ushort[SignCodes.WholeBlocks(70)];
        codes.Distances(0, 70, new byte[2], new int[70], [true], after, new int[dims + 1]);

        Assert.Equal(before[..70], after[..70]);
        Assert.Equal(Enumerable.Range(0, 70).Select(s => Enumerable.Range(0, dims).Count(i => first[s * dims + i] > codes.Mean[i])), before[..70].Select(d => (int)d));
    }
}
