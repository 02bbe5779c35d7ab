using System.Globalization;
using System.Text;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Compaction;

/// <summary>
/// Asks the model for the running summary that replaces older turns: the previous summary plus the lines being
/// compacted, in chunks that fit the window (a chunk never splits a tool call from its result), each folded into the
/// summary so far. The prompt asks for what must survive: facts, decisions, open tasks, names, dates.
/// </summary>
internal sealed class CompactionSummarizer(TimeZoneInfo zone)
{
    /// <summary>Longest single line sent for summarising; longer ones (usually tool output) are shortened.</summary>
    private const int MaxLineChars = 8_000;

    private const string Instructions = """
        You maintain the running summary of a conversation between a user and an AI assistant. The summary replaces the
        older messages in the assistant's context: whatever you leave out is forgotten by the conversation.
        Keep, as short notes: facts about the user and the people, places and things they mention; names; dates and times
        written as absolute dates; numbers and amounts; decisions made and their reasons; preferences and commitments;
        open tasks, promises and unanswered questions; what tools were used for and what they found.
        Drop greetings, small talk and repetition. Write in the language of the conversation. Reply with the summary only.
        """;

    /// <summary>The new summary of <paramref name="previous"/> followed by <paramref name="lines"/>; throws when the model gives none.</summary>
    public async Task<string> SummarizeAsync(
        IChatClient model, string? previous, IReadOnlyList<TranscriptEntry> lines, string? focus, int chunkTokens, CancellationToken cancellationToken)
    {
        var summary = previous;
        foreach (var chunk in Chunks(lines, chunkTokens))
        {
            var response = await model.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Request(summary, chunk, focus))],
                cancellationToken: cancellationToken);
            summary = response.Text.Trim();
            if (summary.Length == 0)
            {
                throw new InvalidOperationException("the model returned an empty summary; nothing was compacted");
            }
        }

        return summary ?? "";
    }

    /// <summary>Splits lines into runs of at most <paramref name="chunkTokens"/> (a longer single line is a run of its own), never inside a tool pair.</summary>
    internal static IEnumerable<IReadOnlyList<TranscriptEntry>> Chunks(IReadOnlyList<TranscriptEntry> lines, int chunkTokens)
    {
        var start = 0;
        var tokens = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var size = TokenEstimator.Of(lines[i]);
            if (i > start && tokens + size > chunkTokens && CompactionCut.SplitsNoToolPair(lines, i))
            {
                yield return lines.Skip(start).Take(i - start).ToList();
                start = i;
                tokens = 0;
            }

            tokens += size;
        }

        if (start < lines.Count)
        {
            yield return lines.Skip(start).ToList();
        }
    }

    private string Request(string? summary, IReadOnlyList<TranscriptEntry> chunk, string? focus)
    {
        var text = new StringBuilder();
        text.Append("Summary so far:\n").Append(summary is { Length: > 0 } ? summary : "(none yet)").Append("\n\nNew messages, oldest first:\n");
        foreach (var line in chunk)
        {
            var at = TimeZoneInfo.ConvertTime(line.At, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var what = line.Kind switch
            {
                TranscriptKind.ToolCall => $"assistant called tool {line.ToolName}({Shorten(line.Text)})",
                TranscriptKind.ToolResult => $"tool result: {Shorten(line.Text)}",
                _ => $"{line.Role}: {Shorten(line.Text)}",
            };
            text.Append('[').Append(at).Append("] ").Append(what).Append('\n');
        }

        if (focus is { Length: > 0 })
        {
            text.Append("\nThe user asked the summary to focus on: ").Append(focus).Append('\n');
        }

        return text.Append("\nWrite the updated summary.").ToString();
    }

    private static string Shorten(string text) =>
        text.Length <= MaxLineChars ? text : text[..MaxLineChars] + $" …[{text.Length - MaxLineChars} more characters]";
}
