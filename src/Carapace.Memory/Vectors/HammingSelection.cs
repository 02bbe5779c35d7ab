using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Carapace.Memory.Vectors;

/// <summary>
/// Picks the nearest few of a large set of small integer distances without sorting: per-part histograms give the
/// cut-off distance, each part's share at the cut is fixed up front (earlier slots first, as a stable sort would), and
/// the parts then collect their slots in parallel straight into their place in the result.
/// </summary>
internal static class HammingSelection
{
    /// <summary>
    /// The <paramref name="count"/> slots with the smallest <paramref name="distances"/> (ties broken by slot), in slot
    /// order. Part p covers slots [p·<paramref name="size"/>, (p+1)·size) of <paramref name="slots"/> and
    /// <paramref name="histograms"/>[p][d] counts its slots at distance d; distances past the histogram are never chosen.
    /// </summary>
    public static int[] Nearest(ushort[] distances, int slots, int[][] histograms, int size, int count, CancellationToken cancellationToken)
    {
        var width = histograms.Length == 0 ? 0 : histograms[0].Length;
        var (cut, below) = (0, 0);
        for (; cut < width; cut++)
        {
            var at = 0;
            foreach (var histogram in histograms)
            {
                at += histogram[cut];
            }

            if (below + at >= count)
            {
                break;
            }

            below += at;
        }

        var remaining = count - below;
        var quota = new int[histograms.Length];
        var offsets = new int[histograms.Length + 1];
        for (var p = 0; p < histograms.Length; p++)
        {
            quota[p] = cut < width ? Math.Min(histograms[p][cut], remaining) : 0;
            remaining -= quota[p];
            var under = quota[p];
            for (var d = 0; d < Math.Min(cut, width); d++)
            {
                under += histograms[p][d];
            }

            offsets[p + 1] = offsets[p] + under;
        }

        var chosen = new int[offsets[^1]];
        Parallel.For(0, histograms.Length, new ParallelOptions { MaxDegreeOfParallelism = histograms.Length, CancellationToken = cancellationToken }, p =>
            Collect(distances, p * size, Math.Min(slots, (p + 1) * size), (ushort)Math.Min(cut, ushort.MaxValue - 1), quota[p], chosen, offsets[p]));

        return chosen;
    }

    /// <summary>
    /// The same slots as <see cref="Nearest"/>, from a histogram of a sample: <paramref name="sample"/>[d] counts the
    /// slots at distance d in every <paramref name="sampleEvery"/>-th block only. The sample sets a generous cut-off
    /// (a third more than asked, plus two sampled blocks); every slot at or under it is collected and the exact
    /// selection is made among those. When the sample misled and too few were collected, every distance is counted
    /// and <see cref="Nearest"/> decides, so the answer never depends on the sample.
    /// </summary>
    public static int[] NearestSampled(ushort[] distances, int slots, int[] sample, int sampleEvery, int count, CancellationToken cancellationToken)
    {
        var width = sample.Length;
        if (count <= 0 || width == 0)
        {
            return [];
        }

        var wanted = count * 4L / 3 + 2L * SignCodes.Block * sampleEvery;
        var (cut, seen) = (0, 0L);
        for (; cut < width - 1; cut++)
        {
            seen += (long)sample[cut] * sampleEvery;
            if (seen >= wanted)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var near = Under(distances, slots, (ushort)cut);
        if (near.Count < count && cut < width - 1)
        {
            var histogram = new int[width];
            foreach (var distance in distances.AsSpan(0, slots))
            {
                if (distance < width)
                {
                    histogram[distance]++;
                }
            }

            return Nearest(distances, slots, [histogram], slots, count, cancellationToken);
        }

        var counts = new int[cut + 1];
        foreach (var slot in near)
        {
            counts[distances[slot]]++;
        }

        var (exact, below) = (0, 0);
        for (; exact <= cut && below + counts[exact] < count; exact++)
        {
            below += counts[exact];
        }

        var atCut = count - below;
        var chosen = new List<int>(Math.Min(count, near.Count));
        foreach (var slot in near)
        {
            if (distances[slot] < exact || distances[slot] == exact && atCut-- > 0)
            {
                chosen.Add(slot);
            }
        }

        return [.. chosen];
    }

    /// <summary>The slots of [0, <paramref name="slots"/>) at or under <paramref name="cut"/>, in slot order, sixteen compared at once.</summary>
    private static List<int> Under(ushort[] distances, int slots, ushort cut)
    {
        var under = new List<int>();
        var slot = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(cut);
            ref var start = ref MemoryMarshal.GetArrayDataReference(distances);
            for (; slot <= slots - Vector256<ushort>.Count; slot += Vector256<ushort>.Count)
            {
                var near = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref start, (nuint)slot), limit).ExtractMostSignificantBits();
                while (near != 0)
                {
                    under.Add(slot + BitOperations.TrailingZeroCount(near));
                    near &= near - 1;
                }
            }
        }

        for (; slot < slots; slot++)
        {
            if (distances[slot] <= cut)
            {
                under.Add(slot);
            }
        }

        return under;
    }

    /// <summary>
    /// Writes the slots of [<paramref name="from"/>, <paramref name="to"/>) under <paramref name="cut"/>, and the first
    /// <paramref name="atCut"/> at it, into <paramref name="chosen"/> from <paramref name="next"/>. Sixteen distances
    /// are compared at once, and only the few at or under the cut are looked at one by one.
    /// </summary>
    private static void Collect(ushort[] distances, int from, int to, ushort cut, int atCut, int[] chosen, int next)
    {
        var slot = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(cut);
            ref var start = ref MemoryMarshal.GetArrayDataReference(distances);
            for (; slot <= to - Vector256<ushort>.Count; slot += Vector256<ushort>.Count)
            {
                var near = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref start, (nuint)slot), limit).ExtractMostSignificantBits();
                while (near != 0)
                {
                    var at = slot + BitOperations.TrailingZeroCount(near);
                    near &= near - 1;
                    if (distances[at] < cut || atCut-- > 0)
                    {
                        chosen[next++] = at;
                    }
                }
            }
        }

        for (; slot < to; slot++)
        {
            var distance = distances[slot];
            if (distance < cut || distance == cut && atCut-- > 0)
            {
                chosen[next++] = slot;
            }
        }
    }
}
