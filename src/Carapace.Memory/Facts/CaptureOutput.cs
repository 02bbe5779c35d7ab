using System.Text.Json;

namespace Carapace.Memory.Facts;

/// <summary>
/// Reads the model's capture answers, which are untrusted: anything that is not the expected JSON, names an id that was
/// not offered, or misses a required field throws <see cref="CaptureOutputException"/> saying what was wrong, so a bad
/// answer is never half-applied.
/// </summary>
internal static class CaptureOutput
{
    /// <summary>
    /// The facts of an extraction answer <c>{"facts": ["…" | {"text": "…", "category": "…"}]}</c>; blank entries are
    /// dropped, and a category outside <paramref name="categories"/> is dropped too.
    /// </summary>
    public static IReadOnlyList<(string Text, string? Category)> ParseFacts(string answer, IReadOnlyList<string> categories)
    {
        using var doc = Parse(answer, "extraction");
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Array)
        {
            throw new CaptureOutputException("extraction answer has no \"facts\" array");
        }

        var list = new List<(string, string?)>();
        foreach (var item in facts.EnumerateArray())
        {
            var (text, category) = item.ValueKind switch
            {
                JsonValueKind.String => (item.GetString()!.Trim(), null),
                JsonValueKind.Object when Text(item, "text") is { } t => (t, Text(item, "category")),
                _ => throw new CaptureOutputException($"extraction answer has a fact that is neither text nor {{\"text\": …}}: {item.GetRawText()}"),
            };
            if (text.Length > 0)
            {
                list.Add((text, category is not null && categories.Contains(category, StringComparer.OrdinalIgnoreCase) ? category.ToLowerInvariant() : null));
            }
        }

        return list;
    }

    /// <summary>
    /// The changes of a decision answer <c>{"memory": [{id, text, event, old_memory?}]}</c>, with temporary ids mapped back
    /// through <paramref name="ids"/>; NONE entries produce nothing.
    /// </summary>
    public static IReadOnlyList<FactChange> ParseDecision(string answer, IReadOnlyDictionary<string, string> ids)
    {
        using var doc = Parse(answer, "decision");
        var root = doc.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("memory", out var memory) && memory.ValueKind == JsonValueKind.Array ? memory
            : throw new CaptureOutputException("decision answer has no \"memory\" array");

        var changes = new List<FactChange>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new CaptureOutputException($"decision item {index} is not an object");
            }

            var what = Text(item, "event")?.ToUpperInvariant() ?? throw new CaptureOutputException($"decision item {index} has no \"event\"");
            var text = Text(item, "text");
            var id = Text(item, "id");
            switch (what)
            {
                case "NONE":
                    break;
                case "ADD":
                    changes.Add(FactChange.Add(text is { Length: > 0 } ? text : throw new CaptureOutputException($"decision item {index} (ADD) has no \"text\"")));
                    break;
                case "UPDATE":
                    changes.Add(FactChange.Update(Known(id, ids, index), text is { Length: > 0 } ? text : throw new CaptureOutputException($"decision item {index} (UPDATE) has no \"text\"")));
                    break;
                case "DELETE":
                    changes.Add(FactChange.Delete(Known(id, ids, index)));
                    break;
                default:
                    throw new CaptureOutputException($"decision item {index} has unknown event '{what}'; expected ADD, UPDATE, DELETE or NONE");
            }
        }

        var twice = changes.Where(c => c.FactId is not null).GroupBy(c => c.FactId).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? changes : throw new CaptureOutputException($"decision changes memory {twice.Key} more than once");
    }

    private static string Known(string? tempId, IReadOnlyDictionary<string, string> ids, int index) =>
        tempId is not null && ids.TryGetValue(tempId, out var real)
            ? real
            : throw new CaptureOutputException($"decision item {index} names unknown memory id '{tempId}'");

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static JsonDocument Parse(string answer, string what)
    {
        var text = answer.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
            var close = text.LastIndexOf("```", StringComparison.Ordinal);
            text = firstLine > 0 && close > firstLine ? text[(firstLine + 1)..close] : text;
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CaptureOutputException($"{what} answer is not valid JSON ({e.Message}): {(text.Length > 120 ? text[..120] + "…" : text)}");
        }
    }
}
