using System.Runtime.InteropServices;

namespace Carapace.Memory.Index;

/// <summary>
/// How a vector is stored in the embedding cache: IEEE half precision, half the bytes of float32 (vectors were ~70 % of
/// an index file) at a relative error of ~5e-4 per component, far below what separates neighbours in ranking. Blobs
/// written as float32 by earlier versions are still read, told apart by their length.
/// </summary>
internal static class VectorBlob
{
    /// <summary>The stored bytes of <paramref name="vector"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var halves = new Half[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            halves[i] = (Half)vector[i];
        }

        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    }

    /// <summary>The vector of a stored blob of <paramref name="dimensions"/> values (half or float32).</summary>
    public static float[] Decode(byte[] blob, int dimensions)
    {
        if (dimensions > 0 && blob.Length == dimensions * sizeof(float))
        {
            return MemoryMarshal.Cast<byte, float>(blob).ToArray();
        }

        if (blob.Length % 2 != 0 || dimensions > 0 && blob.Length != dimensions * 2)
        {
            throw new InvalidDataException($"a cached vector has {blob.Length} bytes, which is neither {dimensions} half nor float32 values");
        }

        var halves = MemoryMarshal.Cast<byte, Half>(blob);
        var vector = new float[halves.Length];
        for (var i = 0; i < halves.Length; i++)
        {
            vector[i] = (float)halves[i];
        }

        return vector;
    }
}
