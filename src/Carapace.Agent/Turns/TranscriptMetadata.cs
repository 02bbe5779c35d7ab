using System.Text.Json.Nodes;

namespace Carapace.Agent.Turns;

/// <summary>The metadata the agent writes on transcript lines, and how it reads it back.</summary>
internal static class TranscriptMetadata
{
    /// <summary>A line the model did not write (apology, "no model" notice); kept for the record, left out of prompts.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>A bare reset trigger such as <c>/new</c>; left out of prompts.</summary>
    public const string Command = "command";

    /// <summary>A reply cut short by a newer message.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The person who wrote a user message (sessions shared by dmScope <c>main</c> hold several people).</summary>
    public const string Sender = "sender";

    /// <summary>The person whose turn ran a tool; its results are theirs and stay out of other people's prompts.</summary>
    public const string Reader = "reader";

    /// <summary>Builds the metadata JSON from flags and fields; null values are left out.</summary>
    public static string Of(params (string Key, JsonNode? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            json[key] = value;
        }

        return json.ToJsonString();
    }

    /// <summary>True when the line's metadata has <paramref name="flag"/> set to true.</summary>
    public static bool Has(string? metadataJson, string flag) =>
        Field(metadataJson, flag) is JsonValue v && v.TryGetValue<bool>(out var set) && set;

    /// <summary>A text field of the line's metadata, or null.</summary>
    public static string? Text(string? metadataJson, string key) =>
        Field(metadataJson, key) is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The whole number stored under <paramref name="key"/>, or null when it is absent or not a number.</summary>
    public static long? Number(string? metadataJson, string key) =>
        Field(metadataJson, key) is JsonValue v && v.TryGetValue<long>(out var number) ? number : null;

    private static JsonNode? Field(string? metadataJson, string key)
    {
        if (string.IsNullOrEmpty(metadataJson))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(metadataJson) is JsonObject json ? json[key] : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
