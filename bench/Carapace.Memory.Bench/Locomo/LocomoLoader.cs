using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>Reads locomo10.json (schema in research-mem0.md §4.1); malformed evidence is normalised and dangling ids dropped.</summary>
internal static partial class LocomoLoader
{
    public static async Task<IReadOnlyList<LocomoConversation>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return doc.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    public static LocomoConversation Parse(JsonElement sample)
    {
        var conversation = sample.GetProperty("conversation");
        var sessions = new List<LocomoSession>();
        foreach (var property in conversation.EnumerateObject())
        {
            var match = SessionKey().Match(property.Name);
            if (!match.Success || property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var dateText = conversation.TryGetProperty($"session_{number}_date_time", out var d) ? d.GetString() ?? "" : "";
            var turns = property.Value.EnumerateArray().Select(t => new LocomoTurn(
                EvidenceIds.Normalise(t.GetProperty("dia_id").GetString()).FirstOrDefault() ?? "",
                t.GetProperty("speaker").GetString() ?? "",
                t.GetProperty("text").GetString() ?? "",
                t.TryGetProperty("blip_caption", out var c) ? c.GetString() : null)).Where(t => t.DiaId.Length > 0).ToList();
            sessions.Add(new LocomoSession(number, ParseDate(dateText), dateText, turns));
        }

        sessions.Sort((a, b) => a.Number.CompareTo(b.Number));
        var known = sessions.SelectMany(s => s.Turns).Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
        var questions = sample.GetProperty("qa").EnumerateArray().Select(q => new LocomoQuestion(
            q.GetProperty("question").GetString() ?? "",
            q.GetProperty("category").GetInt32(),
            q.GetProperty("evidence").EnumerateArray().SelectMany(e => EvidenceIds.Normalise(e.ToString())).Where(known.Contains).Distinct().ToList())).ToList();

        var facts = new List<LocomoFact>();
        if (sample.TryGetProperty("observation", out var observation))
        {
            foreach (var session in observation.EnumerateObject())
            {
                var number = int.Parse(Digits().Match(session.Name).Value, CultureInfo.InvariantCulture);
                foreach (var speaker in session.Value.EnumerateObject())
                {
                    foreach (var fact in speaker.Value.EnumerateArray())
                    {
                        var ids = fact[1].ValueKind == JsonValueKind.Array ? fact[1].EnumerateArray().Select(x => x.ToString()) : [fact[1].ToString()];
                        facts.Add(new LocomoFact(number, speaker.Name, fact[0].GetString() ?? "", ids.SelectMany(EvidenceIds.Normalise).ToList()));
                    }
                }
            }
        }

        return new LocomoConversation(sample.GetProperty("sample_id").GetString() ?? "", sessions, questions, facts);
    }

    /// <summary>Parses "1:56 pm on 8 May, 2023".</summary>
    public static DateTime ParseDate(string text) =>
        DateTime.TryParseExact(text.Replace(" on ", " ", StringComparison.Ordinal).Trim(), ["h:mm tt d MMMM, yyyy", "h:mm tt d MMM, yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at)
            ? at
            : throw new FormatException($"unrecognised LoCoMo session date '{text}'");

    [GeneratedRegex(@"^session_(\d+)$")]
    private static partial Regex SessionKey();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
