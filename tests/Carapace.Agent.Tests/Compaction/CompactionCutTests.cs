using Carapace.Agent.Compaction;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Tests.Compaction;

public sealed class CompactionCutTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    // Each line of text "x" * 36 estimates to 9 + 4 = 13 tokens.
    private static readonly string Text = new('x', 36);

    private static TranscriptEntry L(long seq, string shape)
    {
        var (kind, role, id) = shape[0] switch
        {
            'u' => (TranscriptKind.Message, "user", (string?)null),
            'a' => (TranscriptKind.Message, "assistant", null),
            'c' => (TranscriptKind.ToolCall, "assistant", shape[1..]),
            'r' => (TranscriptKind.ToolResult, "tool", shape[1..]),
            _ => throw new ArgumentException(shape),
        };
        return new TranscriptEntry { Seq = seq, SessionId = "s", SessionKey = "k", Kind = kind, Role = role, Text = Text, At = At, ToolCallId = id };
    }

    /// <summary>Shapes: u user, a assistant, cN call N, rN result N. Returns the shape list as lines with seq = index + 1.</summary>
    private static TranscriptEntry[] Lines(string shapes) => [.. shapes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((s, i) => L(i + 1, s))];

    public static TheoryData<string, string, int, int, int> Rows => new()
    {
        // because, transcript, keep tokens, limit, expected cut (index of the first kept line)
        { "keeps the last turn when it holds enough", "u a u a u a", 26, 6, 4 },
        { "keeps more turns to reach the wanted tokens", "u a u a u a", 27, 6, 2 },
        { "nothing to summarise when everything must be kept", "u a u a", 100, 4, 0 },
        { "a tool pair at the ideal cut moves the cut to the start of its turn", "u a u c1 r1 a", 26, 6, 2 },
        { "two calls answered after a user line arrived between them move the cut back", "u a u c1 u r1 a", 26, 7, 2 },
        { "a result before the cut with its call after is never split either", "u r9 u c9 a", 13, 5, 0 },
        { "the cut never passes the turn's own message", "u a u a u", 0, 2, 2 },
        { "limit zero compacts nothing", "u a u a", 0, 0, 0 },
        { "limit beyond the lines is clamped", "u a u a", 26, 99, 2 },
        { "only tool lines and assistant lines: no user boundary, no cut", "a c1 r1 a c2 r2 a", 13, 7, 0 },
        { "an empty history has no cut", "", 0, 0, 0 },
        { "a turn of many tool pairs is kept whole when the wanted tokens reach into it", "u a u c1 r1 c2 r2 c3 r3 a u", 14, 11, 2 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Find_Table_PicksTheLatestBoundaryKeepingEnough(string because, string shapes, int keep, int limit, int expected)
    {
        var lines = Lines(shapes);

        var cut = CompactionCut.Find(lines, keep, limit);

        Assert.True(expected == cut, $"{because}: expected {expected}, got {cut}");
        Assert.True(CompactionCut.SplitsNoToolPair(lines, cut), because);
    }

    [Theory]
    [InlineData("u c1 r1 a u c2 r2 a u c3 r3 a", 30)]
    [InlineData("u c1 c2 r1 r2 a u c3 r3 a", 20)]
    [InlineData("c1 r1 c2 r2 c3 r3", 1)]
    [InlineData("u a u a", 1)]
    public void Chunks_AnyBudget_NeverSplitAToolPairAndKeepEveryLineInOrder(string shapes, int chunkTokens)
    {
        var lines = Lines(shapes);

        var chunks = CompactionSummarizer.Chunks(lines, chunkTokens).ToList();

        Assert.Equal(lines.Select(l => l.Seq), chunks.SelectMany(c => c).Select(l => l.Seq));
        Assert.All(chunks, c => Assert.NotEmpty(c));
        foreach (var chunk in chunks)
        {
            var ids = chunk.Where(l => l.ToolCallId is not null).GroupBy(l => l.ToolCallId);
            Assert.All(ids, g => Assert.Equal(2, g.Count()));
        }
    }

    [Fact]
    public void Chunks_LargeBudget_IsOneChunk() =>
        Assert.Single(CompactionSummarizer.Chunks(Lines("u a u c1 r1 a"), 10_000));
}
