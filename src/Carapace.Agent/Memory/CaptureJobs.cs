using Carapace.Agent.Turns;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Memory.Facts;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>Turns transcript lines into a capture job: the user and assistant messages, their seqs and when the newest user message was said.</summary>
internal static class CaptureJobs
{
    /// <summary>How many earlier messages come along as context (the Mem0 paper's m = 10).</summary>
    public const int ContextMessages = 10;

    // In a direct chat the facts go to the person's own pool, so another person's exchanges in a shared session
    // (dmScope main) must not be read as theirs; in a group everything said belongs to the group's pool.
    private static List<TranscriptEntry> OfThisPerson(Route route, IEnumerable<TranscriptEntry> messages)
    {
        var kept = new List<TranscriptEntry>();
        var theirs = true;
        foreach (var message in messages)
        {
            if (message.Role == "user")
            {
                theirs = route.ChatType != ChatType.Direct
                    || TranscriptMetadata.Text(message.MetadataJson, TranscriptMetadata.Sender) is not { } sender
                    || string.Equals(sender, route.Identity, StringComparison.Ordinal);
            }

            if (theirs)
            {
                kept.Add(message);
            }
        }

        return kept;
    }

    /// <summary>
    /// A job for <paramref name="lines"/>, whose messages from <paramref name="firstNewSeq"/> on are the new ones; null when
    /// no user message is among the new lines.
    /// </summary>
    public static CaptureJob? Build(Route route, string sessionId, IEnumerable<TranscriptEntry> lines, long firstNewSeq, TimeZoneInfo zone)
    {
        var messages = OfThisPerson(route, lines.Where(l => l.Kind == TranscriptKind.Message && l.Role is "user" or "assistant" && l.Text.Length > 0).OrderBy(l => l.Seq));
        var fresh = messages.Where(m => m.Seq >= firstNewSeq).ToList();
        if (fresh.LastOrDefault(m => m.Role == "user") is not { } said)
        {
            return null;
        }

        var context = messages.Where(m => m.Seq < firstNewSeq).TakeLast(ContextMessages).Concat(fresh);
        return new CaptureJob
        {
            Scope = route.Memory,
            SessionId = sessionId,
            MessageSeqs = [.. fresh.Select(m => m.Seq)],
            Messages = [.. context.Select(m => new CaptureMessage(m.Role, m.Text))],
            SaidAt = TimeZoneInfo.ConvertTime(said.At, zone),
        };
    }
}
