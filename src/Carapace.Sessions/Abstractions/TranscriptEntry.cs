namespace Carapace.Sessions.Abstractions;

/// <summary>One append-only line of a session's transcript.</summary>
public sealed record TranscriptEntry
{
    /// <summary>Position in the store, assigned on append (0 before).</summary>
    public long Seq { get; init; }

    /// <summary>The transcript (session id) this line belongs to.</summary>
    public required string SessionId { get; init; }

    /// <summary>The session key at the time of writing.</summary>
    public required string SessionKey { get; init; }

    /// <summary>What the line records.</summary>
    public required TranscriptKind Kind { get; init; }

    /// <summary><c>user</c>, <c>assistant</c>, <c>tool</c> or <c>system</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The text (for tool calls, the arguments as JSON; for compactions, the summary).</summary>
    public required string Text { get; init; }

    /// <summary>When the line was written, from a <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The provider's message id of an inbound message; a repeated id is not appended twice.</summary>
    public string? ChannelMessageId { get; init; }

    /// <summary>Links a tool call to its result.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The tool called.</summary>
    public string? ToolName { get; init; }

    /// <summary>Extra facts as JSON, e.g. which memory ids were injected into the prompt.</summary>
    public string? MetadataJson { get; init; }
}

/// <summary>The kinds of transcript lines.</summary>
public enum TranscriptKind
{
    /// <summary>A user or assistant message.</summary>
    Message,

    /// <summary>The model asked for a tool.</summary>
    ToolCall,

    /// <summary>What the tool returned.</summary>
    ToolResult,

    /// <summary>A summary that replaces the lines before it in the prompt.</summary>
    Compaction,

    /// <summary>The session was reset here; a new session id follows.</summary>
    Reset,
}
