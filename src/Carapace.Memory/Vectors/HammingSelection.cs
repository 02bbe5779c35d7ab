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
        {
            var next = offsets[p];
            var atCut = quota[p];
            for (var slot = p * size; slot < Math.Min(slots, (p + 1) * size); slot++)
            {
                var distance = distances[slot];
                if (distance < cut || distance == cut && atCut-- > 0)
                {
                    chosen[next++] = slot;
                }
            }
        });

        return chosen;
    }
}
