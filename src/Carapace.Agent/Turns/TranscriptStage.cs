using System.Text.Json;
using System.Text.Json.Nodes;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Turns;

/// <summary>Stage 5: appends the model's tool calls, tool results and reply to the transcript, and adds its token usage to the session.</summary>
internal sealed partial class TranscriptStage(ITranscriptStore transcripts, SessionManager sessions, TimeProvider time, ILogger logger)
{
    /// <summary>Appends what the model produced, in order; returns the stored lines.</summary>
    public async Task<IReadOnlyList<TranscriptEntry>> AppendResponseAsync(AcceptedTurn turn, ChatResponse response, string? metadataJson, CancellationToken cancellationToken)
    {
        var lines = new List<TranscriptEntry>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        lines.Add(Line(turn, TranscriptKind.ToolCall, "assistant", JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>())) with
                        {
                            ToolCallId = call.CallId,
                            ToolName = call.Name,
                            MetadataJson = ReaderOf(turn),
                        });
                        break;
                    case FunctionResultContent result:
                        lines.Add(Line(turn, TranscriptKind.ToolResult, "tool", ResultText(result)) with { ToolCallId = result.CallId, MetadataJson = ReaderOf(turn) });
                        break;
                }
            }

            if (message.Role == ChatRole.Assistant && message.Text.Length > 0)
            {
                lines.Add(Line(turn, TranscriptKind.Message, "assistant", message.Text) with { MetadataJson = metadataJson });
            }
        }

        var stored = await AppendAllAsync(lines, cancellationToken);
        if (response.Usage is { } usage)
        {
            await AddUsageAsync(turn, usage, cancellationToken);
        }

        return stored;
    }

    /// <summary>Appends an assistant line that did not come from the model (an apology, a notice, a partial reply).</summary>
    public async Task<IReadOnlyList<TranscriptEntry>> AppendTextAsync(AcceptedTurn turn, string text, string metadataJson, CancellationToken cancellationToken) =>
        await AppendAllAsync([Line(turn, TranscriptKind.Message, "assistant", text) with { MetadataJson = metadataJson }], cancellationToken);

    private async Task<IReadOnlyList<TranscriptEntry>> AppendAllAsync(List<TranscriptEntry> lines, CancellationToken cancellationToken)
    {
        var stored = new List<TranscriptEntry>(lines.Count);
        foreach (var line in lines)
        {
            stored.Add(await transcripts.AppendAsync(line, cancellationToken));
        }

        return stored;
    }

    // Tools read within the reader's memory scope, so what they returned belongs to that person (see HistoryBuilder).
    private static string ReaderOf(AcceptedTurn turn) => TranscriptMetadata.Of((TranscriptMetadata.Reader, turn.Route.Identity));

    private TranscriptEntry Line(AcceptedTurn turn, TranscriptKind kind, string role, string text) => new()
    {
        SessionId = turn.Session.SessionId,
        SessionKey = turn.Route.SessionKey,
        Kind = kind,
        Role = role,
        Text = text,
        At = time.GetUtcNow(),
    };

    // Stored exactly as the provider saw it (the JSON of the result; a string result as is), so replaying history sends the same bytes.
    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? "",
        string text => text,
        var other => (other as JsonElement? ?? JsonSerializer.SerializeToElement(other)).GetRawText(),
    };

    // The session row may have been written since the turn began (the next message's arrival); re-read and retry.
    private async Task AddUsageAsync(AcceptedTurn turn, UsageDetails usage, CancellationToken cancellationToken)
    {
        var counts = new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.InputTokenCount ?? turn.Session.ContextTokens);
        if (await sessions.RecordUsageAsync(turn.Route.SessionKey, turn.Session.SessionId, counts, cancellationToken) is null)
        {
            LogUsageNotRecorded(turn.Route.SessionKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Token usage not recorded for {SessionKey}: the session changed while the turn ran")]
    private partial void LogUsageNotRecorded(string sessionKey);
}
