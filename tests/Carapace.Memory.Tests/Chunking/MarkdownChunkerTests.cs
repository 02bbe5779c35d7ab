using Carapace.Memory.Chunking;

namespace Carapace.Memory.Tests.Chunking;

public sealed class MarkdownChunkerTests
{
    private static readonly ChunkingOptions Small = new() { Tokens = 10, Overlap = 2, SegmentTokens = 8 }; // 40 chars, 8 overlap, 32 per segment

    public static TheoryData<string, string, int> ChunkCounts => new()
    {
        { "empty file", "", 0 },
        { "only newlines", "\n\n\n", 0 },
        { "only spaces", "   \n \t \n", 0 },
        { "one short line", "hello", 1 },
        { "trailing newline is not a line", "hello\n", 1 },
        { "CRLF", "a\r\nb\r\n", 1 },
    };

    [Theory]
    [MemberData(nameof(ChunkCounts))]
    public void Chunk_Table_GivesExpectedChunkCount(string name, string content, int expected)
    {
        Assert.True(name.Length > 0);
        Assert.Equal(expected, MarkdownChunker.Chunk(content, Small).Count);
    }

    [Fact]
    public void Chunk_ManyLines_StaysWithinBudgetAndCoversEveryLine()
    {
        var lines = Enumerable.Range(1, 50).Select(i => $"line {i:00} text").ToArray(); // 12 chars + newline = 13
        var chunks = MarkdownChunker.Chunk(string.Join('\n', lines), Small);

        Assert.All(chunks, c => Assert.True(TextWeight.Of(c.Text) + 1 <= Small.MaxChars + c.Text.Count(ch => ch == '\n'), c.Text));
        var covered = chunks.SelectMany(c => Enumerable.Range(c.StartLine, c.EndLine - c.StartLine + 1)).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 50), covered.Order());
        Assert.Equal(1, chunks[0].StartLine);
        Assert.Equal(50, chunks[^1].EndLine);
    }

    [Fact]
    public void Chunk_Overlap_RepeatsTrailingLinesInNextChunk()
    {
        var lines = Enumerable.Range(1, 20).Select(i => $"line {i:00} text");
        var chunks = MarkdownChunker.Chunk(string.Join('\n', lines), Small);

        Assert.True(chunks.Count > 2);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].EndLine, chunks[i].StartLine); // 13 chars ≥ 8 overlap: exactly one line carried
        }
    }

    [Fact]
    public void Chunk_ZeroOverlap_ChunksDoNotShareLines()
    {
        var options = Small with { Overlap = 0 };
        var chunks = MarkdownChunker.Chunk(string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i:00} text")), options);

        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].EndLine + 1, chunks[i].StartLine);
        }
    }

    [Fact]
    public void Chunk_OneHugeLine_IsSplitIntoPiecesOfThatLine()
    {
        var chunks = MarkdownChunker.Chunk(new string('x', 1000), Small with { Overlap = 0 });

        Assert.True(chunks.Count >= 25);
        Assert.All(chunks, c => Assert.Equal((1, 1), (c.StartLine, c.EndLine)));
        Assert.All(chunks, c => Assert.True(c.Text.Length <= Small.MaxChars));
        Assert.Equal(new string('x', 1000), string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Chunk_CjkText_WeighsFourPerCharacter()
    {
        var chunks = MarkdownChunker.Chunk(new string('中', 100), Small with { Overlap = 0 });

        Assert.All(chunks, c => Assert.True(TextWeight.Of(c.Text) <= Small.MaxChars));
        Assert.True(chunks.Count >= 10); // 100 chars × 4 = 400 weighted, 39 per piece
        Assert.Equal(100, chunks.Sum(c => c.Text.Length));
    }

    [Fact]
    public void Chunk_EmojiLine_NeverSplitsASurrogatePair()
    {
        var line = string.Concat(Enumerable.Repeat("a😀", 100));
        var chunks = MarkdownChunker.Chunk(line, Small with { Overlap = 0 });

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.False(char.IsLowSurrogate(c.Text[0]), "starts with a low surrogate");
            Assert.False(char.IsHighSurrogate(c.Text[^1]), "ends with a high surrogate");
        });
        Assert.Equal(line, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Chunk_LoneSurrogate_DoesNotThrow()
    {
        var chunks = MarkdownChunker.Chunk("bad \uD800 text\n\uDC00 more", Small);

        Assert.NotEmpty(chunks);
    }

    [Fact]
    public void Chunk_Segments_TileTheChunkTextWithHashes()
    {
        var text = string.Join('\n', Enumerable.Range(1, 8).Select(i => $"entry {i}"));
        var chunk = Assert.Single(MarkdownChunker.Chunk(text, new ChunkingOptions { SegmentTokens = 8 }));

        Assert.True(chunk.Segments.Count > 1);
        Assert.Equal(chunk.Text, string.Join('\n', chunk.Segments.Select(s => chunk.Text.Substring(s.Offset, s.Length))));
        Assert.All(chunk.Segments, s => Assert.Equal(MarkdownChunker.Hash(chunk.Text.Substring(s.ContextOffset, s.ContextLength)), s.Hash));
        Assert.All(chunk.Segments, s => Assert.True(s.ContextOffset <= s.Offset && s.ContextOffset + s.ContextLength >= s.Offset + s.Length));
        Assert.Equal(chunk.StartLine, chunk.Segments[0].StartLine);
        Assert.Equal(chunk.EndLine, chunk.Segments[^1].EndLine);
        Assert.Equal(MarkdownChunker.Hash(chunk.Text), chunk.Hash);
    }

    [Theory]
    [InlineData(0, "entry 5\nentry 6\nentry 7\nentry 8")]
    [InlineData(1, "entry 4\nentry 5\nentry 6\nentry 7\nentry 8")]
    [InlineData(9, "entry 1\nentry 2\nentry 3\nentry 4\nentry 5\nentry 6\nentry 7\nentry 8")]
    public void Chunk_SegmentContext_EmbedsNeighbouringLinesWithinTheChunk(int context, string expected)
    {
        var text = string.Join('\n', Enumerable.Range(1, 8).Select(i => $"entry {i}"));
        var chunk = Assert.Single(MarkdownChunker.Chunk(text, new ChunkingOptions { SegmentTokens = 8, SegmentContext = context }));

        var middle = chunk.Segments.Single(s => s.StartLine == 5); // four 8-char lines fill a 32-char segment: 1-4, 5-8
        Assert.Equal((5, 8), (middle.StartLine, middle.EndLine));
        Assert.Equal(expected, chunk.Text.Substring(middle.ContextOffset, middle.ContextLength));
    }

    [Fact]
    public void Chunk_SameText_GivesSameChunks()
    {
        var text = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"note {i}"));

        Assert.Equal(MarkdownChunker.Chunk(text, Small).Select(c => c.Hash), MarkdownChunker.Chunk(text, Small).Select(c => c.Hash));
    }
}
