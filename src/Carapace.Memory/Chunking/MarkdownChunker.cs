using System.Security.Cryptography;
using System.Text;

namespace Carapace.Memory.Chunking;

/// <summary>
/// Cuts a markdown file into overlapping line-based chunks (OpenClaw's <c>chunkMarkdown</c>): lines accumulate until
/// the weighted budget is reached, the trailing lines worth the overlap start the next chunk, and a line longer than
/// the budget is cut into pieces without splitting a surrogate pair. Pure: the same text always gives the same chunks.
/// </summary>
public static class MarkdownChunker
{
    /// <summary>Chunks <paramref name="content"/>; an empty or all-blank file gives no chunks.</summary>
    public static IReadOnlyList<MemoryChunk> Chunk(string content, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var maxChars = options.MaxChars;
        var chunks = new List<MemoryChunk>();
        var current = new List<Piece>();
        var currentChars = 0;

        foreach (var piece in Pieces(content, maxChars - 1))
        {
            if (currentChars + piece.Size > maxChars && current.Count > 0)
            {
                Flush(current, chunks, options);
                current = CarryOverlap(current, options.OverlapChars);
                currentChars = current.Sum(p => p.Size);
                if (currentChars + piece.Size > maxChars)
                {
                    current.Clear();
                    currentChars = 0;
                }
            }

            current.Add(piece);
            currentChars += piece.Size;
        }

        Flush(current, chunks, options);
        return chunks;
    }

    /// <summary>Lowercase hex SHA-256 of a text's UTF-8 bytes.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static IEnumerable<Piece> Pieces(string content, int maxPieceChars)
    {
        if (content.Length == 0)
        {
            yield break;
        }

        var lines = content.Split('\n');
        var count = lines.Length;
        if (count > 1 && lines[^1].Length == 0)
        {
            count--; // a final newline ends the last line; it does not start another
        }

        for (var i = 0; i < count; i++)
        {
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Length == 0)
            {
                yield return new Piece(i + 1, "", 1);
                continue;
            }

            foreach (var part in TextWeight.Split(line, maxPieceChars))
            {
                yield return new Piece(i + 1, part, TextWeight.Of(part) + 1);
            }
        }
    }

    private static List<Piece> CarryOverlap(List<Piece> flushed, int overlapChars)
    {
        var carried = new List<Piece>();
        var chars = 0;
        for (var i = flushed.Count - 1; i >= 0 && chars < overlapChars; i--)
        {
            carried.Insert(0, flushed[i]);
            chars += flushed[i].Size;
        }

        return carried;
    }

    private static void Flush(List<Piece> pieces, List<MemoryChunk> chunks, ChunkingOptions options)
    {
        if (pieces.Count == 0 || pieces.TrueForAll(p => string.IsNullOrWhiteSpace(p.Text)))
        {
            return;
        }

        var text = string.Join('\n', pieces.Select(p => p.Text));
        var starts = new int[pieces.Count];
        for (var i = 1; i < pieces.Count; i++)
        {
            starts[i] = starts[i - 1] + pieces[i - 1].Text.Length + 1;
        }

        int End(int piece) => starts[piece] + pieces[piece].Text.Length;

        var segments = new List<MemorySegment>();
        var first = 0;
        var size = 0;
        for (var i = 0; i <= pieces.Count; i++)
        {
            if (i < pieces.Count && (i == first || size + pieces[i].Size <= options.SegmentChars))
            {
                size += pieces[i].Size;
                continue;
            }

            var last = i - 1;
            var own = text[starts[first]..End(last)];
            if (!string.IsNullOrWhiteSpace(own))
            {
                var from = starts[Math.Max(0, first - options.SegmentContext)];
                var to = End(Math.Min(pieces.Count - 1, last + options.SegmentContext));
                segments.Add(new MemorySegment(pieces[first].Line, pieces[last].Line, starts[first], own.Length, from, to - from, Hash(text[from..to])));
            }

            first = i;
            size = i < pieces.Count ? pieces[i].Size : 0;
        }

        chunks.Add(new MemoryChunk(pieces[0].Line, pieces[^1].Line, text, Hash(text)) { Segments = segments });
    }

    private readonly record struct Piece(int Line, string Text, int Size);
}
