namespace Carapace.Testing.Models;

/// <summary>
/// The stand-in for a real embedding model in tests: word counts hashed into a small unit vector, so texts sharing words
/// are similar. The hash is FNV-1a, the same in every run (string.GetHashCode is randomised per process, which made
/// word collisions, and so rankings, differ from run to run).
/// </summary>
public static class HashedWordVector
{
    /// <summary>The unit vector of <paramref name="words"/> in <paramref name="dimensions"/> buckets (all zeros for no words).</summary>
    public static float[] Of(IEnumerable<string> words, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(words);
        var vector = new float[dimensions];
        foreach (var word in words)
        {
            vector[Fnv1a(word) % (uint)dimensions] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
