using System.Text.Json.Nodes;

namespace Carapace.Core.Config;

/// <summary>
/// A parsed config file and the diagnostics of binding it. Every project binds its own section through
/// <see cref="ConfigSection"/>; keys no binder read are reported as unknown by <see cref="ReportUnknownKeys"/>.
/// </summary>
public sealed class ConfigDocument
{
    private readonly IReadOnlyDictionary<string, int> _lines;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opaque = new(StringComparer.Ordinal);
    private readonly List<ConfigDiagnostic> _diagnostics = [];

    private ConfigDocument(string source, JsonObject root, IReadOnlyDictionary<string, int> lines)
    {
        Source = source;
        _lines = lines;
        Root = new ConfigSection(this, "", root);
    }

    /// <summary>The file name used in messages.</summary>
    public string Source { get; }

    /// <summary>The whole document.</summary>
    public ConfigSection Root { get; }

    /// <summary>Everything found so far, in the order found.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics => _diagnostics;

    /// <summary>True when any diagnostic is an error; the gateway refuses to start.</summary>
    public bool HasErrors => _diagnostics.Exists(d => d.Severity == ConfigSeverity.Error);

    /// <summary>Parses JSON5 text; a syntax error becomes an error diagnostic and an empty document.</summary>
    public static ConfigDocument Parse(string text, string source)
    {
        try
        {
            var (root, lines) = Json5Reader.Parse(text);
            if (root is JsonObject obj)
            {
                return new ConfigDocument(source, obj, lines);
            }

            var doc = new ConfigDocument(source, [], lines);
            doc.Add(ConfigSeverity.Error, "", 1, "the config must be an object ({ ... })");
            return doc;
        }
        catch (Json5Exception e)
        {
            var doc = new ConfigDocument(source, [], new Dictionary<string, int>());
            doc.Add(ConfigSeverity.Error, "", e.Line, $"syntax error at column {e.Column}: {e.Reason}");
            return doc;
        }
    }

    /// <summary>A config file that exists but could not be read (or was named explicitly and is missing): one error.</summary>
    public static ConfigDocument Unreadable(string source, string reason)
    {
        var doc = Empty(source);
        doc.Add(ConfigSeverity.Error, "", 0, reason);
        return doc;
    }

    /// <summary>An empty config, as used when no file exists: every default applies.</summary>
    public static ConfigDocument Empty(string source) => new(source, [], new Dictionary<string, int>());

    /// <summary>Adds a warning for every key that no binder read; call after all sections are bound.</summary>
    public void ReportUnknownKeys() => Walk(Root.Node, "");

    /// <summary>The 1-based line of a key path, or 0 when it is not in the file.</summary>
    public int LineOf(string path) => _lines.TryGetValue(path, out var line) ? line : 0;

    internal void MarkKnown(string path) => _known.Add(path);

    internal void MarkOpaque(string path) => _opaque.Add(path);

    internal void Add(ConfigSeverity severity, string path, int line, string message) =>
        _diagnostics.Add(new ConfigDiagnostic(severity, Source, path, line, message));

    private void Walk(JsonNode? node, string path)
    {
        if (_opaque.Contains(path))
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (!_known.Contains(childPath))
                    {
                        Add(ConfigSeverity.Warning, childPath, LineOf(childPath), "unknown key, ignored");
                        continue;
                    }

                    Walk(child, childPath);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]");
                }

                break;
        }
    }
}
