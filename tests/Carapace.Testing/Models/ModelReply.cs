namespace Carapace.Testing.Models;

/// <summary>
/// What a fake model server does with one request: answer with text and/or tool calls, or fail with an HTTP status and
/// the provider's error body, optionally after a delay or streamed at a fixed token rate (for latency benchmarks).
/// </summary>
public sealed record ModelReply
{
    /// <summary>The assistant text; empty when the reply only calls tools.</summary>
    public string Text { get; init; } = "";

    /// <summary>Tool calls the model asks for.</summary>
    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];

    /// <summary>When set, the request fails with this HTTP status and an error body.</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>The provider's error code, e.g. <c>rate_limit_exceeded</c> or <c>context_length_exceeded</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message in the error body.</summary>
    public string ErrorMessage { get; init; } = "";

    /// <summary>Wait this long (real time) before answering; the wait ends early when the client disconnects.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>When set, the server waits for this task before answering, so a test decides when a reply may arrive.</summary>
    public Task? Gate { get; init; }

    /// <summary>Stream the text at this many tokens (words) per second; null streams as fast as possible.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>A plain text answer.</summary>
    public static ModelReply WithText(string text) => new() { Text = text };

    /// <summary>An answer that asks for tools.</summary>
    public static ModelReply CallingTools(params ScriptedToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>A failure with the given status and error code.</summary>
    public static ModelReply Failure(int status, string code, string message) =>
        new() { ErrorStatus = status, ErrorCode = code, ErrorMessage = message };

    /// <summary>HTTP 429, as a provider's rate limiter sends it.</summary>
    public static ModelReply RateLimited() => Failure(429, "rate_limit_exceeded", "Rate limit reached for requests. Please try again.");

    /// <summary>HTTP 500 from the provider.</summary>
    public static ModelReply ServerError() => Failure(500, "server_error", "The server had an error while processing your request.");

    /// <summary>HTTP 400 because the prompt is longer than the model's window.</summary>
    public static ModelReply ContextLengthExceeded() =>
        Failure(400, "context_length_exceeded", "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.");
}
