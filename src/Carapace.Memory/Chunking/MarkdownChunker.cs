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

        var text = new StringBuilder();
        var segments = new List<MemorySegment>();
        var segmentStart = 0;
        var segmentChars = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0 && segmentChars + pieces[i].Size > options.SegmentChars)
            {
                AddSegment(segments, pieces, segmentStart, i - 1, text);
                text.Append('\n');
                segmentStart = i;
                segmentChars = 0;
            }
            else if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(pieces[i].Text);
            segmentChars += pieces[i].Size;
        }

        AddSegment(segments, pieces, segmentStart, pieces.Count - 1, text);
        var chunkText = text.ToString();
        chunks.Add(new MemoryChunk(pieces[0].Line, pieces[^1].Line, chunkText, Hash(chunkText)) { Segments = segments });
    }

    private static void AddSegment(List<MemorySegment> segments, List<Piece> pieces, int first, int last, StringBuilder text)
    {
        var length = pieces.Skip(first).Take(last - first + 1).Sum(p => p.Text.Length) + (last - first);
        var offset = text.Length - length;
        var segmentText = text.ToString(offset, length);
        if (string.IsNullOrWhiteSpace(segmentText))
        {
            return;
        }

        segments.Add(new MemorySegment(pieces[first].Line, pieces[last].Line, offset, length, Hash(segmentText)));
    }

    private readonly record struct Piece(int Line, string Text, int Size);
}
