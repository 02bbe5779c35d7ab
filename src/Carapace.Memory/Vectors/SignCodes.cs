using System.Numerics;
using System.Numerics.Tensors;

namespace Carapace.Memory.Vectors;

/// <summary>
/// One bit per dimension of each vector: whether it lies above the stored vectors' mean. Embeddings share a large common
/// direction, so centring first is what makes the bits informative. The Hamming distance between two codes tracks the
/// angle between the vectors, and at 384 dimensions it is six XOR + PopCount steps instead of 384 multiply-adds, so a
/// whole large partition can be ranked coarsely and only the best few exactly.
/// </summary>
internal sealed class SignCodes(int dimensions)
{
    private readonly float[] _mean = new float[dimensions];
    private ulong[] _codes = [];

    /// <summary>The 64-bit words of one code.</summary>
    public int Words { get; } = (dimensions + 63) / 64;

    /// <summary>The mean the codes are taken against.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>How many vectors the mean was taken over; 0 before the first centring.</summary>
    public int CentredOn { get; private set; }

    /// <summary>Takes the mean of the live vectors and re-encodes every slot against it.</summary>
    public void Centre(float[] data, int slots, int[] scopes, int live)
    {
        Array.Clear(_mean);
        for (var slot = 0; slot < slots; slot++)
        {
            if (scopes[slot] >= 0)
            {
                TensorPrimitives.Add(_mean, data.AsSpan(slot * dimensions, dimensions), _mean);
            }
        }

        TensorPrimitives.Divide(_mean, Math.Max(1, live), _mean);
        CentredOn = Math.Max(1, live);
        Grow(slots);
        for (var slot = 0; slot < slots; slot++)
        {
            Encode(slot, data.AsSpan(slot * dimensions, dimensions));
        }
    }

    /// <summary>Makes room for at least <paramref name="slots"/> codes.</summary>
    public void Grow(int slots)
    {
        if (_codes.Length < slots * Words)
        {
            Array.Resize(ref _codes, Math.Max(slots, _codes.Length / Words * 2) * Words);
        }
    }

    /// <summary>Stores the code of <paramref name="vector"/> in <paramref name="slot"/>.</summary>
    public void Encode(int slot, ReadOnlySpan<float> vector) => Code(vector, _codes.AsSpan(slot * Words, Words));

    /// <summary>Writes the code of <paramref name="vector"/> into <paramref name="code"/>.</summary>
    public void Code(ReadOnlySpan<float> vector, Span<ulong> code)
    {
        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > _mean[i])
            {
                code[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>
    /// Writes the Hamming distance of every slot in [<paramref name="from"/>, <paramref name="to"/>) to
    /// <paramref name="query"/> into <paramref name="distances"/> and counts each distance in <paramref name="histogram"/>;
    /// slots whose scope is not allowed (or free, scope −1) get <see cref="ushort.MaxValue"/> and are not counted.
    /// </summary>
    public void Distances(int from, int to, ReadOnlySpan<ulong> query, int[] scopes, bool[] allowed, ushort[] distances, int[] histogram)
    {
        var words = Words;
        var codes = _codes;
        for (var slot = from; slot < to; slot++)
        {
            var scope = scopes[slot];
            if (scope < 0 || !allowed[scope])
            {
                distances[slot] = ushort.MaxValue;
                continue;
            }

            var distance = 0;
            var at = slot * words;
            for (var w = 0; w < words; w++)
            {
                distance += BitOperations.PopCount(codes[at + w] ^ query[w]);
            }

            distances[slot] = (ushort)distance;
            histogram[distance]++;
        }
    }
}
