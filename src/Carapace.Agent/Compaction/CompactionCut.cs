using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Compaction;

/// <summary>
/// Where to split a history into the part to summarise and the part kept verbatim: at the start of a user message, with
/// at least the wanted tokens after it, and never between a tool call and its result (the cut moves earlier instead).
/// </summary>
internal static class CompactionCut
{
    /// <summary>
    /// The index of the first kept line: the latest boundary at or before <paramref name="limit"/> with at least
    /// <paramref name="keepTokens"/> from there to the end; 0 when nothing can be summarised.
    /// </summary>
    public static int Find(IReadOnlyList<TranscriptEntry> lines, int keepTokens, int limit)
    {
        ArgumentNullException.ThrowIfNull(lines);
        limit = Math.Clamp(limit, 0, lines.Count);
        var kept = 0;
        for (var i = lines.Count - 1; i >= limit; i--)
        {
            kept += TokenEstimator.Of(lines[i]);
        }

        for (var cut = limit; cut > 0; cut--)
        {
            if (cut < limit)
            {
                kept += TokenEstimator.Of(lines[cut]);
            }

            if (cut < lines.Count && kept >= keepTokens && IsBoundary(lines, cut))
            {
                return cut;
            }
        }

        return 0;
    }

    /// <summary>True when a cut before <paramref name="cut"/> leaves no tool call on one side and its result on the other.</summary>
    public static bool SplitsNoToolPair(IReadOnlyList<TranscriptEntry> lines, int cut)
    {
        var before = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cut; i++)
        {
            if (lines[i].ToolCallId is { } id && lines[i].Kind is TranscriptKind.ToolCall or TranscriptKind.ToolResult)
            {
                before.Add(id);
            }
        }

        for (var i = cut; i < lines.Count; i++)
        {
            if (lines[i].ToolCallId is { } id && lines[i].Kind is TranscriptKind.ToolCall or TranscriptKind.ToolResult && before.Contains(id))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBoundary(IReadOnlyList<TranscriptEntry> lines, int cut) =>
        lines[cut] is { Kind: TranscriptKind.Message, Role: "user" } && SplitsNoToolPair(lines, cut);
}
