using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Tests.Sqlite;

public sealed class SqliteTranscriptStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TranscriptEntry Line(string sessionId, string text, string? messageId = null) => new()
    {
        SessionId = sessionId,
        SessionKey = "agent:main:main",
        Kind = TranscriptKind.Message,
        Role = "user",
        Text = text,
        At = T0,
        ChannelMessageId = messageId,
    };

    [Fact]
    public async Task AppendAsync_Lines_GetIncreasingSeqAndReadBackInOrderPerSession()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var a1 = await db.Transcripts.AppendAsync(Line("a", "one"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("b", "other session"), CancellationToken.None);
        var a2 = await db.Transcripts.AppendAsync(Line("a", "two") with { Kind = TranscriptKind.ToolCall, Role = "assistant", ToolCallId = "c1", ToolName = "memory_search", MetadataJson = "{\"x\":1}" }, CancellationToken.None);

        Assert.True(a2.Seq > a1.Seq);
        var all = await db.Transcripts.ReadAsync("a", 0, CancellationToken.None);
        Assert.Equal([a1, a2], all);
        Assert.Equal([a2], await db.Transcripts.ReadAsync("a", a1.Seq, CancellationToken.None));
        Assert.Empty(await db.Transcripts.ReadAsync("missing", 0, CancellationToken.None));
    }

    [Theory]
    [InlineData(0, new string[0])]
    [InlineData(1, new[] { "a3" })]
    [InlineData(2, new[] { "a2", "a3" })]
    [InlineData(10, new[] { "a1", "a2", "a3" })]
    public async Task ReadLastAsync_Count_GivesNewestLinesThroughSeqInOrder(int count, string[] expected)
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        await db.Transcripts.AppendAsync(Line("a", "a1"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("b", "b1"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("a", "a2"), CancellationToken.None);
        var through = await db.Transcripts.AppendAsync(Line("a", "a3"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("a", "after the turn"), CancellationToken.None);

        var lines = await db.Transcripts.ReadLastAsync("a", through.Seq, count, CancellationToken.None);

        Assert.Equal(expected, lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("héllo 👋 — ünïcode")]
    [InlineData("'; DROP TABLE transcript; --")]
    [InlineData("line1\nline2\r\n\ttabbed")]
    public async Task AppendAsync_HostileText_RoundTripsExactly(string text)
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        await db.Transcripts.AppendAsync(Line("s", text), CancellationToken.None);
        Assert.Equal(text, Assert.Single(await db.Transcripts.ReadAsync("s", 0, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task AppendAsync_RepeatedChannelMessageId_ReturnsEarlierLineWithoutDuplicate()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var first = await db.Transcripts.AppendAsync(Line("s", "hello", "m-1"), CancellationToken.None);
        var again = await db.Transcripts.AppendAsync(Line("s", "hello (redelivered)", "m-1"), CancellationToken.None);
        var otherSession = await db.Transcripts.AppendAsync(Line("t", "hello", "m-1"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("s", "no id"), CancellationToken.None);
        await db.Transcripts.AppendAsync(Line("s", "no id"), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Seq, otherSession.Seq);
        Assert.Equal(["hello", "no id", "no id"], (await db.Transcripts.ReadAsync("s", 0, CancellationToken.None)).Select(l => l.Text));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentLanes_KeepEveryLineWithUniqueSeq()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(lane => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await db.Transcripts.AppendAsync(Line($"s{lane}", $"{lane}:{i}", $"m{i}"), CancellationToken.None);
            }
        })));

        var seqs = new HashSet<long>();
        for (var lane = 0; lane < 16; lane++)
        {
            var lines = await db.Transcripts.ReadAsync($"s{lane}", 0, CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{lane}:{i}"), lines.Select(l => l.Text));
            Assert.All(lines, l => Assert.True(seqs.Add(l.Seq)));
        }
    }
}
