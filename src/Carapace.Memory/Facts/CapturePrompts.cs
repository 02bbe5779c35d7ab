using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Carapace.Memory.Facts;

/// <summary>
/// The two prompts of a capture (research-mem0.md §1.1): extract durable facts about the user from the new exchange, then
/// decide ADD / UPDATE / DELETE / NONE for each against the similar facts already stored (shown under temporary integer ids).
/// </summary>
internal static class CapturePrompts
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Marks an extraction request (tests' fake models key on it).</summary>
    public const string ExtractionMarker = "You extract durable facts";

    /// <summary>Marks a decision request.</summary>
    public const string DecisionMarker = "You manage a memory store";

    public static string ExtractionSystem(FactCaptureOptions options, DateTimeOffset saidAt)
    {
        var text = new StringBuilder()
            .AppendLine($"{ExtractionMarker} about the user from a conversation, so an assistant can remember them later.")
            .AppendLine("Rules:")
            .AppendLine("- Take facts only from what the user says; the assistant's lines are context.")
            .AppendLine("- Keep facts that will still matter later: personal details, preferences, plans and appointments, relationships, health, work, decisions.")
            .AppendLine("- Skip greetings, small talk, questions without information, and secrets such as passwords or card numbers.")
            .AppendLine("- Each fact is one short self-contained sentence in the user's language, written about the user in the third person or as a plain statement.")
            .AppendLine($"- The messages were written on {saidAt.ToString("dddd yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}: resolve relative dates against that date, keep the time of day.")
            .AppendLine($"- Give each fact one category from: {string.Join(", ", options.Categories)}.")
            .AppendLine("Answer with JSON only: {\"facts\": [{\"text\": \"...\", \"category\": \"...\"}]} — an empty list when there is nothing worth keeping.");
        if (options.Instructions is { Length: > 0 } extra)
        {
            text.AppendLine().AppendLine("Additional instructions:").AppendLine(extra.Trim());
        }

        return text.ToString();
    }

    public static string ExtractionUser(IReadOnlyList<CaptureMessage> messages) =>
        "Input:\n" + string.Concat(messages.Select(m => $"{m.Role}: {m.Text}\n"));

    public static string DecisionSystem() => $$"""
        {{DecisionMarker}}. Compare newly retrieved facts with the existing memories and decide for each what to do:
        - ADD: new information not present in the memories; give it a new id.
        - UPDATE: the same topic as an existing memory but different or more informative; keep that memory's id, give the new text and the old one as old_memory. ("Likes cheese pizza" vs "Loves cheese pizza" is the same: NONE.)
        - DELETE: an existing memory the new facts contradict; keep its id.
        - NONE: already present or not worth changing; keep its id.
        Use only the ids shown for existing memories. Answer with JSON only:
        {"memory": [{"id": "0", "text": "...", "event": "ADD|UPDATE|DELETE|NONE", "old_memory": "..."}]}
        """;

    public static string DecisionUser(IReadOnlyList<(string TempId, string Text)> existing, IReadOnlyList<string> facts) =>
        "Existing memories:\n" + JsonSerializer.Serialize(existing.Select(e => new { id = e.TempId, text = e.Text }), Json)
        + "\n\nNew facts:\n" + JsonSerializer.Serialize(facts, Json);
}
