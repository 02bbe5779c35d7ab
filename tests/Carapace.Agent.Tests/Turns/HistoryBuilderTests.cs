using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Turns;

public sealed class HistoryBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TranscriptEntry Line(long seq, TranscriptKind kind, string role, string text, string? callId = null, string? metadata = null) => new()
    {
        Seq = seq,
        SessionId = "s",
        SessionKey = "k",
        Kind = kind,
        Role = role,
        Text = text,
        At = At,
        ToolCallId = callId,
        ToolName = callId is null ? null : "tool",
        MetadataJson = metadata,
    };

    private static TranscriptEntry User(long seq, string text, string? metadata = null) => Line(seq, TranscriptKind.Message, "user", text, metadata: metadata);

    private static TranscriptEntry Assistant(long seq, string text, string? metadata = null) => Line(seq, TranscriptKind.Message, "assistant", text, metadata: metadata);

    private static string Render(IEnumerable<ChatMessage> messages) => string.Join(" | ", messages.Select(m => m.Role.Value + ":" + string.Concat(m.Contents.Select(c => c switch
    {
        TextContent t => t.Text,
        FunctionCallContent call => $"call({call.CallId})",
        FunctionResultContent result => $"result({result.CallId}={result.Result})",
        _ => "?",
    }))));

    public static TheoryData<string, TranscriptEntry[], long, string> Rows => new()
    {
        {
            "plain conversation, own message last",
            [User(1, "a"), Assistant(2, "b"), User(3, "c")], 3,
            "user:a | assistant:b | user:c"
        },
        {
            "a later user message is left out and ours moves last",
            [User(1, "a"), User(2, "mine"), User(3, "later"), Assistant(4, "reply to a")], 2,
            "user:a | assistant:reply to a | user:mine"
        },
        {
            "history starts at the last compaction before our message",
            [User(1, "old"), Assistant(2, "old reply"), Line(3, TranscriptKind.Compaction, "system", "they talked"), User(4, "new")], 4,
            "system:Summary of the conversation so far:\nthey talked | user:new"
        },
        {
            "the summary leads, then the lines it kept (written before it), then newer lines",
            [User(1, "old"), Assistant(2, "old reply"), User(3, "kept"), Line(4, TranscriptKind.ToolCall, "assistant", "{}", "c1"),
             Line(5, TranscriptKind.ToolResult, "tool", "r1", "c1"), Assistant(6, "kept reply"), User(7, "mine"),
             Line(8, TranscriptKind.Compaction, "system", "they talked", metadata: """{"firstKeptSeq":3}""")], 7,
            "system:Summary of the conversation so far:\nthey talked | user:kept | assistant:call(c1) | tool:result(c1=r1) | assistant:kept reply | user:mine"
        },
        {
            "a second compaction replaces the first, and flush markers stay out",
            [User(1, "a"), Line(2, TranscriptKind.Compaction, "system", "first", metadata: """{"firstKeptSeq":1}"""), User(3, "b"), Assistant(4, "c"),
             Line(5, TranscriptKind.Message, "system", "Memory flushed", metadata: """{"synthetic":true,"memoryFlushThroughSeq":4}"""),
             Line(6, TranscriptKind.Compaction, "system", "second", metadata: """{"firstKeptSeq":3}"""), User(7, "d")], 7,
            "system:Summary of the conversation so far:\nsecond | user:b | assistant:c | user:d"
        },
        {
            "a compaction that did not keep our message (a later one) is not used",
            [User(1, "mine"), User(2, "later"), Line(3, TranscriptKind.Compaction, "system", "later summary", metadata: """{"firstKeptSeq":2}""")], 1,
            "user:mine"
        },
        {
            "synthetic lines and bare commands never reach the model",
            [User(1, "/new", """{"command":true}"""), User(2, "hi"), Assistant(3, "Sorry, failed", """{"synthetic":true}"""), User(4, "again")], 4,
            "user:hi | user:again"
        },
        {
            "tool calls are grouped and paired with their results",
            [User(1, "q"), Line(2, TranscriptKind.ToolCall, "assistant", "{}", "c1"), Line(3, TranscriptKind.ToolCall, "assistant", "{\"x\":1}", "c2"),
             Line(4, TranscriptKind.ToolResult, "tool", "r1", "c1"), Line(5, TranscriptKind.ToolResult, "tool", "r2", "c2"), Assistant(6, "done"), User(7, "next")], 7,
            "user:q | assistant:call(c1)call(c2) | tool:result(c1=r1) | tool:result(c2=r2) | assistant:done | user:next"
        },
        {
            "a call without a result and a result without a call are both dropped",
            [User(1, "q"), Line(2, TranscriptKind.ToolCall, "assistant", "{}", "lost"), Line(3, TranscriptKind.ToolResult, "tool", "orphan", "ghost"), User(4, "next")], 4,
            "user:q | user:next"
        },
        {
            "malformed tool arguments and null call ids do not throw",
            [User(1, "q"), Line(2, TranscriptKind.ToolCall, "assistant", "not json", "c1"), Line(3, TranscriptKind.ToolResult, "tool", "r", "c1"),
             Line(4, TranscriptKind.ToolCall, "assistant", "{}"), Line(5, TranscriptKind.ToolResult, "tool", "r"), User(6, "next")], 6,
            "user:q | assistant:call(c1) | tool:result(c1=r) | user:next"
        },
        {
            "resets, empty assistant lines and broken metadata are skipped or tolerated",
            [Line(1, TranscriptKind.Reset, "system", "reset"), Assistant(2, ""), User(3, "hi", "{not json")], 3,
            "user:hi"
        },
        {
            "tool calls and results another person's turn made (a shared main session) stay theirs",
            [User(1, "owner asks"), Line(2, TranscriptKind.ToolCall, "assistant", "{}", "c1", """{"reader":"owner"}"""),
             Line(3, TranscriptKind.ToolResult, "tool", "owner's MEMORY.md", "c1", """{"reader":"owner"}"""), Assistant(4, "answered"),
             Line(5, TranscriptKind.ToolCall, "assistant", "{}", "c2", """{"reader":"telegram:bob"}"""),
             Line(6, TranscriptKind.ToolResult, "tool", "bob's own", "c2", """{"reader":"telegram:bob"}"""), User(7, "bob asks")], 7,
            "user:owner asks | assistant:answered | assistant:call(c2) | tool:result(c2=bob's own) | user:bob asks"
        },
        {
            "an empty transcript gives an empty history",
            [], 1,
            ""
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Build_Table_GivesTheTurnsHistory(string because, TranscriptEntry[] transcript, long ownSeq, string expected)
    {
        var history = HistoryBuilder.Build(transcript, ownSeq, "telegram:bob");

        Assert.True(expected == Render(history), $"{because}: got {Render(history)}");
    }
}
