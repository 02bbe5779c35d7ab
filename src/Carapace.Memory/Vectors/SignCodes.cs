using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Carapace.Memory.Vectors;

/// <summary>
/// One bit per dimension of each vector: whether it lies above the stored vectors' mean. Embeddings share a large common
/// direction, so centring first is what makes the bits informative. The Hamming distance between two codes tracks the
/// angle between the vectors, so a whole large partition can be ranked coarsely and only the best few exactly.
/// Codes are stored in blocks of <see cref="Block"/> slots, byte-major: byte j of every slot in a block lies side by
/// side, so one 64-byte load holds byte j of 64 codes, and the distances of a whole block come from a nibble-table
/// popcount (<c>vpshufb</c>) per load with no per-slot work.
/// </summary>
internal sealed class SignCodes(int dimensions)
{
    /// <summary>Slots per block; part boundaries of a scan are multiples of it.</summary>
    public const int Block = 64;

    /// <summary>Byte counts added up before they are widened: 31 × 8 bits still fit in a byte.</summary>
    private const int BytesPerWidening = 31;

    private static readonly Vector512<byte> NibbleBits = Vector512.Create(
        (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
        0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    /// <summary>The fastest kernel this processor runs.</summary>
    internal static PopCountKernel Best { get; } = Avx512BW.IsSupported ? PopCountKernel.Avx512 : Avx2.IsSupported ? PopCountKernel.Avx2 : PopCountKernel.Scalar;

    private readonly float[] _mean = new float[dimensions];
    private byte[] _codes = [];

    /// <summary>The bytes of one code.</summary>
    public int Bytes { get; } = (dimensions + 7) / 8;

    /// <summary>The mean the codes are taken against.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>How many vectors the mean was taken over; 0 before the first centring.</summary>
    public int CentredOn { get; private set; }

    /// <summary><paramref name="slots"/> rounded up to whole blocks.</summary>
    public static int WholeBlocks(int slots) => (slots + Block - 1) / Block * Block;

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

    /// <summary>Makes room for at least <paramref name="slots"/> codes (whole blocks; a block's place never moves).</summary>
    public void Grow(int slots)
    {
        var needed = WholeBlocks(slots) * Bytes;
        if (_codes.Length < needed)
        {
            Array.Resize(ref _codes, Math.Max(needed, _codes.Length * 2));
        }
    }

    /// <summary>Stores the code of <paramref name="vector"/> in <paramref name="slot"/>.</summary>
    public void Encode(int slot, ReadOnlySpan<float> vector)
    {
        Span<byte> code = stackalloc byte[Bytes];
        Code(vector, code);
        var at = slot / Block * Block * Bytes + slot % Block;
        for (var j = 0; j < code.Length; j++)
        {
            _codes[at + j * Block] = code[j];
        }
    }

    /// <summary>Writes the code of <paramref name="vector"/> into <paramref name="code"/> (<see cref="Bytes"/> bytes, bit i of byte j is dimension 8j + i).</summary>
    public void Code(ReadOnlySpan<float> vector, Span<byte> code)
    {
        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > _mean[i])
            {
                code[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
    }

    /// <summary>
    /// Writes the Hamming distance of every slot in [<paramref name="from"/>, <paramref name="to"/>) to
    /// <paramref name="query"/> into <paramref name="distances"/> and counts each distance in <paramref name="histogram"/>;
    /// slots whose scope is not allowed (or free, scope −1) get <see cref="ushort.MaxValue"/> and are not counted.
    /// <paramref name="from"/> must start a block, and <paramref name="distances"/> must reach the end of the block
    /// holding <paramref name="to"/> − 1 (a whole block is written at once).
    /// A <paramref name="kernel"/> may be chosen (tests compare them; one the processor lacks falls back to scalar);
    /// the default is the fastest this processor runs. With <paramref name="sampleEvery"/> n, only blocks whose index
    /// is a multiple of n are counted (a sample for <see cref="HammingSelection.NearestSampled"/>); with
    /// <paramref name="blockScopes"/> (per block: the one scope every slot of a full block has, or −1), a block of one
    /// scope is taken or masked whole, without looking at its slots' scopes.
    /// </summary>
    public void Distances(int from, int to, ReadOnlySpan<byte> query, int[] scopes, bool[] allowed, ushort[] distances, int[] histogram, PopCountKernel? kernel = null, int sampleEvery = 1, int[]? blockScopes = null)
    {
        if (from % Block != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, "a scan starts at a block boundary");
        }

        if (query.Length < Bytes)
        {
            throw new ArgumentException($"the query code has {query.Length} bytes; a code has {Bytes}", nameof(query));
        }

        for (var start = from; start < to; start += Block)
        {
            var block = start / Block;
            BlockDistances(block, query, distances.AsSpan(start, Block), kernel ?? Best);
            var counted = block % sampleEvery == 0;
            var end = Math.Min(to, start + Block);
            var uniform = blockScopes is null || end - start < Block ? -1 : blockScopes[block];
            if (uniform >= 0)
            {
                if (!allowed[uniform])
                {
                    distances.AsSpan(start, Block).Fill(ushort.MaxValue);
                }
                else if (counted)
                {
                    foreach (var distance in distances.AsSpan(start, Block))
                    {
                        histogram[distance]++;
                    }
                }

                continue;
            }

            for (var slot = start; slot < end; slot++)
            {
                var scope = scopes[slot];
                if (scope < 0 || !allowed[scope])
                {
                    distances[slot] = ushort.MaxValue;
                }
                else if (counted)
                {
                    histogram[distances[slot]]++;
                }
            }
        }
    }

    private void BlockDistances(int block, ReadOnlySpan<byte> query, Span<ushort> distances, PopCountKernel kernel)
    {
        ref var codes = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)block * Block * Bytes);
        if (kernel == PopCountKernel.Avx512 && Avx512BW.IsSupported)
        {
            var low = Vector512<ushort>.Zero;
            var high = Vector512<ushort>.Zero;
            var nibble = Vector512.Create((byte)0x0F);
            for (var j = 0; j < Bytes; j += BytesPerWidening)
            {
                var counts = Vector512<byte>.Zero;
                for (var k = j; k < Math.Min(Bytes, j + BytesPerWidening); k++)
                {
                    var bits = Vector512.LoadUnsafe(ref codes, (nuint)(k * Block)) ^ Vector512.Create(query[k]);
                    counts += Avx512BW.Shuffle(NibbleBits, bits & nibble)
                        + Avx512BW.Shuffle(NibbleBits, Avx512BW.ShiftRightLogical(bits.AsUInt16(), 4).AsByte() & nibble);
                }

                var (lower, upper) = Vector512.Widen(counts);
                low += lower;
                high += upper;
            }

            low.StoreUnsafe(ref MemoryMarshal.GetReference(distances));
            high.StoreUnsafe(ref MemoryMarshal.GetReference(distances), Block / 2);
            return;
        }

        if (kernel == PopCountKernel.Avx2 && Avx2.IsSupported)
        {
            // Both halves of the block in one pass: one broadcast of the query byte and one loop step per 64 slots.
            var table = NibbleBits.GetLower();
            var nibble = Vector256.Create((byte)0x0F);
            ref var bytes = ref MemoryMarshal.GetReference(query);
            var (low, high, low2, high2) = (Vector256<ushort>.Zero, Vector256<ushort>.Zero, Vector256<ushort>.Zero, Vector256<ushort>.Zero);
            for (var j = 0; j < Bytes; j += BytesPerWidening)
            {
                var counts = Vector256<byte>.Zero;
                var counts2 = Vector256<byte>.Zero;
                var end = Math.Min(Bytes, j + BytesPerWidening);
                for (var k = j; k < end; k++)
                {
                    var mask = Vector256.Create(Unsafe.Add(ref bytes, k));
                    var bits = Vector256.LoadUnsafe(ref codes, (nuint)(k * Block)) ^ mask;
                    var bits2 = Vector256.LoadUnsafe(ref codes, (nuint)(k * Block + 32)) ^ mask;
                    counts += Avx2.Shuffle(table, bits & nibble) + Avx2.Shuffle(table, Avx2.ShiftRightLogical(bits.AsUInt16(), 4).AsByte() & nibble);
                    counts2 += Avx2.Shuffle(table, bits2 & nibble) + Avx2.Shuffle(table, Avx2.ShiftRightLogical(bits2.AsUInt16(), 4).AsByte() & nibble);
                }

                var (lower, upper) = Vector256.Widen(counts);
                var (lower2, upper2) = Vector256.Widen(counts2);
                (low, high, low2, high2) = (low + lower, high + upper, low2 + lower2, high2 + upper2);
            }

            ref var target = ref MemoryMarshal.GetReference(distances);
            low.StoreUnsafe(ref target);
            high.StoreUnsafe(ref target, 16);
            low2.StoreUnsafe(ref target, 32);
            high2.StoreUnsafe(ref target, 48);
            return;
        }

        for (var lane = 0; lane < Block; lane++)
        {
            var distance = 0;
            for (var k = 0; k < Bytes; k++)
            {
                distance += BitOperations.PopCount((uint)(Unsafe.Add(ref codes, k * Block + lane) ^ query[k]));
            }

            distances[lane] = (ushort)distance;
        }
    }
}

/// <summary>How <see cref="SignCodes"/> counts the differing bits of a block: 64 or 32 bytes per table lookup, or one slot at a time.</summary>
internal enum PopCountKernel
{
    Scalar,
    Avx2,
    Avx512,
}
