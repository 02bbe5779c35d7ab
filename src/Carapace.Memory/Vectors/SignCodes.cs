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

    /// <summary>The Hamming distance between the code in <paramref name="slot"/> and <paramref name="query"/>.</summary>
    public int Distance(int slot, ReadOnlySpan<ulong> query)
    {
        var code = _codes.AsSpan(slot * Words, Words);
        var distance = 0;
        for (var w = 0; w < code.Length; w++)
        {
            distance += BitOperations.PopCount(code[w] ^ query[w]);
        }

        return distance;
    }
}
