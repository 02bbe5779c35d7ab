using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Carapace.Core.Config;

/// <summary>
/// A node of a config document at a key path. Reading a key marks it known; a value of the wrong type or out of
/// range becomes an error naming the path, the line and what is valid, and the fallback is returned.
/// </summary>
public sealed class ConfigSection
{
    private readonly ConfigDocument _document;

    internal ConfigSection(ConfigDocument document, string path, JsonNode? node)
    {
        _document = document;
        Path = path;
        Node = node;
    }

    /// <summary>The key path, e.g. <c>session.reset.atHour</c> or <c>bindings[0].match</c>.</summary>
    public string Path { get; }

    /// <summary>The raw value; null when absent or written as <c>null</c>.</summary>
    public JsonNode? Node { get; }

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool Exists => Node is not null;

    /// <summary>The 1-based line of this key, or 0 when absent.</summary>
    public int Line => _document.LineOf(Path);

    /// <summary>The child at a key, marked known; absent children are empty sections.</summary>
    public ConfigSection this[string key]
    {
        get
        {
            var path = Path.Length == 0 ? key : Path + "." + key;
            _document.MarkKnown(path);
            return new ConfigSection(_document, path, (Node as JsonObject)?[key]);
        }
    }

    /// <summary>The child at a key without marking it known, for a binder that owns only some keys below it.</summary>
    internal ConfigSection Peek(string key) =>
        new(_document, Path.Length == 0 ? key : Path + "." + key, (Node as JsonObject)?[key]);

    /// <summary>The entries of an object whose keys are names chosen by the user (a map), each marked known.</summary>
    public IEnumerable<KeyValuePair<string, ConfigSection>> Entries()
    {
        if (Node is null)
        {
            yield break;
        }

        if (Node is not JsonObject obj)
        {
            Error($"expected an object but found {Describe(Node)}");
            yield break;
        }

        foreach (var key in obj.Select(p => p.Key).ToArray())
        {
            yield return new(key, this[key]);
        }
    }

    /// <summary>The items of an array.</summary>
    public IEnumerable<ConfigSection> Items()
    {
        if (Node is null)
        {
            yield break;
        }

        if (Node is not JsonArray array)
        {
            Error($"expected a list [...] but found {Describe(Node)}");
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            yield return new ConfigSection(_document, $"{Path}[{i}]", array[i]);
        }
    }

    /// <summary>Marks this whole subtree as read, for values passed on as raw JSON.</summary>
    public ConfigSection Opaque()
    {
        _document.MarkKnown(Path);
        _document.MarkOpaque(Path);
        return this;
    }

    /// <summary>The value as a string; numbers and booleans are not silently converted.</summary>
    public string? AsString(string? fallback = null)
    {
        if (Node is null)
        {
            return fallback;
        }

        if (Node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        Error($"expected a string but found {Describe(Node)}");
        return fallback;
    }

    /// <summary>A provider id (user, group, guild, role): a string, trimmed, or a number written without quotes, as text.</summary>
    public string? AsId()
    {
        if (Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return v.TryGetValue<long>(out var l)
                ? l.ToString(CultureInfo.InvariantCulture)
                : v.GetValue<double>().ToString(CultureInfo.InvariantCulture);
        }

        if (Node is null || (Node is JsonValue s && s.GetValueKind() == JsonValueKind.String))
        {
            return AsString()?.Trim();
        }

        Error($"expected an id (text or a number) but found {Describe(Node)}");
        return null;
    }

    /// <summary>The value as a whole number within [min, max].</summary>
    public int AsInt(int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = AsDouble(fallback, min, max);
        if (value != Math.Floor(value))
        {
            Error($"expected a whole number but found {value.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }

        return (int)value;
    }

    /// <summary>The value as a number within [min, max].</summary>
    public double AsDouble(double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Node is null)
        {
            return fallback;
        }

        if (Node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            Error($"expected a number but found {Describe(Node)}");
            return fallback;
        }

        var value = v.TryGetValue<long>(out var l) ? l : v.GetValue<double>();
        if (value < min || value > max)
        {
            Error($"{value.ToString(CultureInfo.InvariantCulture)} is out of range; valid: {Range(min, max)}");
            return fallback;
        }

        return value;
    }

    /// <summary>The value as true or false.</summary>
    public bool AsBool(bool fallback)
    {
        if (Node is null)
        {
            return fallback;
        }

        if (Node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }

        Error($"expected true or false but found {Describe(Node)}");
        return fallback;
    }

    /// <summary>One of a fixed set of words (case-insensitive); anything else is an error listing the valid values.</summary>
    public string AsChoice(string fallback, params IReadOnlyList<string> choices)
    {
        var text = AsString();
        if (text is null)
        {
            return fallback;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Error($"unknown value '{text}'; valid values: {string.Join(", ", choices)}");
        return fallback;
    }

    /// <summary>A list of strings; a single string is not accepted in its place.</summary>
    public IReadOnlyList<string> AsStringList()
    {
        var list = new List<string>();
        foreach (var item in Items())
        {
            if (item.AsString() is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>Records an error at this key; the gateway will refuse to start.</summary>
    public void Error(string message) => _document.Add(ConfigSeverity.Error, Path, LineOrParent(), message);

    /// <summary>Records a warning at this key.</summary>
    public void Warn(string message) => _document.Add(ConfigSeverity.Warning, Path, LineOrParent(), message);

    private int LineOrParent()
    {
        for (var path = Path; path.Length > 0;)
        {
            var line = _document.LineOf(path);
            if (line > 0)
            {
                return line;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }

        return 0;
    }

    private static string Range(double min, double max) =>
        (min, max) switch
        {
            (double.MinValue or int.MinValue, _) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
            (_, double.MaxValue or int.MaxValue) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        };

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string \"{v.GetValue<string>()}\"",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            _ => v.ToJsonString(),
        },
        _ => "a value",
    };
}
