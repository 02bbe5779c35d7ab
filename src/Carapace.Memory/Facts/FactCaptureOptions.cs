using Carapace.Core.Config;

namespace Carapace.Memory.Facts;

/// <summary>
/// <c>memory.capture.*</c>: whether facts are extracted after each turn, by which model, with what extra instructions and
/// categories. Defaults: enabled, the agent's own model, no extra instructions, the Mem0 plugin's twelve categories,
/// 60 s per model call.
/// </summary>
public sealed record FactCaptureOptions
{
    /// <summary>The default categories (the Mem0 OpenClaw plugin's <c>customCategories</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultCategories =
        ["identity", "preferences", "goals", "projects", "technical", "decisions", "relationships", "routines", "life_events", "lessons", "work", "health"];

    /// <summary>Capture runs after each turn. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The model reference (<c>provider/model</c>) for extraction and decisions; null uses the agent's model.</summary>
    public string? Model { get; init; }

    /// <summary>Extra instructions appended to the extraction prompt; null for none.</summary>
    public string? Instructions { get; init; }

    /// <summary>The categories a fact may carry. Default <see cref="DefaultCategories"/>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = DefaultCategories;

    /// <summary>How long one model call may take before it counts as failed (<c>timeoutSeconds</c>). Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Binds a <c>memory.capture</c> section.</summary>
    public static FactCaptureOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new FactCaptureOptions();
        var categories = section["categories"].Exists ? section["categories"].AsStringList() : d.Categories;
        if (section["categories"].Exists && categories.Count == 0)
        {
            section["categories"].Error("must list at least one category, e.g. ['preferences', 'plans']");
            categories = d.Categories;
        }

        return new FactCaptureOptions
        {
            Enabled = section["enabled"].AsBool(d.Enabled),
            Model = section["model"].AsString(),
            Instructions = section["instructions"].AsString(),
            Categories = categories,
            Timeout = TimeSpan.FromSeconds(section["timeoutSeconds"].AsInt((int)d.Timeout.TotalSeconds, 1, 3600)),
        };
    }
}
