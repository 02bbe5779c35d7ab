using System.Text.Json;
using Carapace.Agent.Compaction;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Turns;

/// <summary>
/// Turns a session's transcript into the prompt history of one turn: the last compaction's summary first, then the lines
/// it kept verbatim and everything written since, without lines the model did not write, without user messages that
/// arrived after this turn's own message, with tool calls kept only together with their results, and with this turn's
/// own message last. Tool calls and results another person's turn made are left out: they were read in that person's
/// memory scope (in a session shared by dmScope <c>main</c>, the owner's memory_search results must not reach someone
/// else's prompt).
/// </summary>
internal static class HistoryBuilder
{
    /// <summary>The history for the turn whose user line has sequence number <paramref name="ownSeq"/>, written by <paramref name="identity"/>.</summary>
    public static IReadOnlyList<ChatMessage> Build(IReadOnlyList<TranscriptEntry> transcript, long ownSeq, string identity)
    {
        var compaction = CompactionMetadata.LastFor(transcript, ownSeq);
        var firstKept = compaction is null ? 0 : CompactionMetadata.FirstKeptSeqOf(compaction);
        var window = transcript
            .Where(e => (e == compaction || (e.Seq >= firstKept && e.Kind != TranscriptKind.Compaction)) && IsOwnTool(e, identity))
            .OrderBy(e => e == compaction ? 0 : 1)
            .ToList();
        var answered = window.Where(e => e.Kind == TranscriptKind.ToolResult).Select(e => e.ToolCallId).ToHashSet();
        var called = window.Where(e => e.Kind == TranscriptKind.ToolCall).Select(e => e.ToolCallId).ToHashSet();
        var history = new List<ChatMessage>();
        ChatMessage? own = null;
        foreach (var entry in window)
        {
            if (TranscriptMetadata.Has(entry.MetadataJson, TranscriptMetadata.Synthetic) || TranscriptMetadata.Has(entry.MetadataJson, TranscriptMetadata.Command))
            {
                continue;
            }

            switch (entry.Kind)
            {
                case TranscriptKind.Compaction:
                    history.Add(new ChatMessage(ChatRole.System, "Summary of the conversation so far:\n" + entry.Text));
                    break;
                case TranscriptKind.Message when entry.Role == "user":
                    if (entry.Seq == ownSeq)
                    {
                        own = new ChatMessage(ChatRole.User, entry.Text);
                    }
                    else if (entry.Seq < ownSeq)
                    {
                        history.Add(new ChatMessage(ChatRole.User, entry.Text));
                    }

                    break;
                case TranscriptKind.Message when entry.Role == "assistant" && entry.Text.Length > 0:
                    history.Add(new ChatMessage(ChatRole.Assistant, entry.Text));
                    break;
                case TranscriptKind.ToolCall when entry.ToolCallId is not null && answered.Contains(entry.ToolCallId):
                    var call = new FunctionCallContent(entry.ToolCallId!, entry.ToolName ?? "", Arguments(entry.Text));
                    if (history.LastOrDefault() is { Role.Value: "assistant" } last && last.Contents.All(c => c is FunctionCallContent))
                    {
                        last.Contents.Add(call);
                    }
                    else
                    {
                        history.Add(new ChatMessage(ChatRole.Assistant, [call]));
                    }

                    break;
                case TranscriptKind.ToolResult when entry.ToolCallId is not null && called.Contains(entry.ToolCallId):
                    history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(entry.ToolCallId!, entry.Text)]));
                    break;
            }
        }

        if (own is not null)
        {
            history.Add(own);
        }

        return history;
    }

    private static bool IsOwnTool(TranscriptEntry entry, string identity) =>
        entry.Kind is not (TranscriptKind.ToolCall or TranscriptKind.ToolResult)
        || TranscriptMetadata.Text(entry.MetadataJson, TranscriptMetadata.Reader) is not { } reader
        || string.Equals(reader, identity, StringComparison.Ordinal);

    private static Dictionary<string, object?>? Arguments(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(json);
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?> { ["raw"] = json };
        }
    }
}
