using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Carapace.Memory.Vectors;

/// <summary>
/// A one-byte-per-dimension copy of each vector minus the stored vectors' mean, with its own scale. Rescoring the
/// sign-code candidates from it reads 384 bytes per vector instead of 1.5 KB of float32, and the approximate scores
/// are close enough to pick the few that are then scored exactly. Subtracting any fixed mean shifts every score by the
/// same dot(query, mean), so ranking is unaffected, while the common direction no longer eats the byte range.
/// </summary>
internal sealed class Int8Rows(int dimensions)
{
    private sbyte[] _rows = [];
    private float[] _scales = [];

    /// <summary>The largest query magnitude whose products summed over every dimension still fit an <see cref="int"/>.</summary>
    private readonly int _queryMax = (int)Math.Min(short.MaxValue, int.MaxValue / (127L * Math.Max(1, dimensions)));

    /// <summary>Makes room for at least <paramref name="slots"/> rows.</summary>
    public void Grow(int slots)
    {
        if (_scales.Length < slots)
        {
            var size = Math.Max(slots, _scales.Length * 2);
            Array.Resize(ref _rows, size * dimensions);
            Array.Resize(ref _scales, size);
        }
    }

    /// <summary>Stores <paramref name="vector"/> − <paramref name="mean"/> in <paramref name="slot"/>, scaled so its largest component is ±127.</summary>
    public void Encode(int slot, ReadOnlySpan<float> vector, ReadOnlySpan<float> mean)
    {
        var largest = 0f;
        for (var i = 0; i < dimensions; i++)
        {
            largest = MathF.Max(largest, MathF.Abs(vector[i] - mean[i]));
        }

        var scale = largest > 0 ? largest / 127f : 1f;
        var row = _rows.AsSpan(slot * dimensions, dimensions);
        for (var i = 0; i < dimensions; i++)
        {
            row[i] = (sbyte)Math.Clamp(MathF.Round((vector[i] - mean[i]) / scale), -127, 127);
        }

        _scales[slot] = scale;
    }

    /// <summary>The query as 16-bit integers (its scale does not matter: every candidate's score carries it alike).</summary>
    public short[] Query(ReadOnlySpan<float> query)
    {
        var largest = 0f;
        foreach (var value in query)
        {
            largest = MathF.Max(largest, MathF.Abs(value));
        }

        var scale = largest > 0 ? _queryMax / largest : 0f;
        var quantized = new short[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            quantized[i] = (short)Math.Clamp(MathF.Round(query[i] * scale), -_queryMax, _queryMax);
        }

        return quantized;
    }

    /// <summary>
    /// A score ordering slots as dot(query, vector) does, up to rounding: the integer dot product of the stored row and
    /// the <see cref="Query"/> form, times the row's scale.
    /// </summary>
    public float Score(short[] query, int slot) => Dot(query, _rows.AsSpan(slot * dimensions, dimensions)) * _scales[slot];

    /// <summary>Asks the processor to start loading a slot's row and scale, so scattered reads overlap instead of waiting one by one.</summary>
    public unsafe void Prefetch(int slot)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (sbyte* rows = _rows)
        fixed (float* scales = _scales)
        {
            var row = rows + (long)slot * dimensions;
            for (var offset = 0; offset < dimensions; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }

            Sse.Prefetch0(scales + slot);
        }
    }

    private static int Dot(short[] query, ReadOnlySpan<sbyte> row)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && row.Length >= 16)
        {
            ref var q = ref MemoryMarshal.GetArrayDataReference(query);
            ref var r = ref MemoryMarshal.GetReference(row);
            var total = Vector256<int>.Zero;
            for (; i <= row.Length - 16; i += 16)
            {
                var bytes = Vector128.LoadUnsafe(ref r, (nuint)i);
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(bytes), Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector256.Sum(total);
        }

        for (; i < row.Length; i++)
        {
            sum += query[i] * row[i];
        }

        return sum;
    }
}
