namespace Carapace.Memory.Search;

/// <summary>
/// Merges the vector and keyword legs into one score per candidate. The keyword leg arrives as OpenClaw's saturated
/// bm25, |r|/(1+|r|), which crowds every match into 0.8–0.95 so that it acts almost as a yes/no flag beside cosines
/// spread over 0.2–0.6. Re-saturating as |r|/(c+|r|) with a larger c keeps bm25's differences: on LoCoMo, c = 30 lifted
/// dialog recall@10 from 73.6 to 76.8 (docs/benchmarks.md).
/// </summary>
internal static class ScoreFusion
{
    /// <summary>vectorWeight·cosine + textWeight·|r|/(c+|r|) per candidate; a candidate missing from a leg has 0 there.</summary>
    public static double[] Fuse(IReadOnlyList<double> vector, IReadOnlyList<double> text, double vectorWeight, double textWeight, double saturation)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(text);
        if (vector.Count != text.Count)
        {
            throw new ArgumentException($"the legs differ in length: {vector.Count} vector scores, {text.Count} keyword scores", nameof(text));
        }

        var fused = new double[vector.Count];
        for (var i = 0; i < fused.Length; i++)
        {
            fused[i] = vectorWeight * vector[i] + textWeight * Resaturate(text[i], saturation);
        }

        return fused;
    }

    /// <summary>Turns t = |r|/(1+|r|) into |r|/(c+|r|); 0 (no match) stays 0, and 1 or more (an unbounded rank) stays as it is.</summary>
    internal static double Resaturate(double score, double saturation)
    {
        if (!double.IsFinite(score) || score <= 0)
        {
            return 0;
        }

        if (score >= 1)
        {
            return score;
        }

        var rank = score / (1 - score);
        return rank / (saturation + rank);
    }
}
