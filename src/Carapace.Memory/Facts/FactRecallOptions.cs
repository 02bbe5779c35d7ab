using Carapace.Core.Config;

namespace Carapace.Memory.Facts;

/// <summary>
/// <c>memory.recall.*</c>: how many facts reach a prompt. Defaults: enabled, topK 5 (the Mem0 plugin's), minScore 0.3
/// (the plugin documents 0.3 though its code uses 0.1; our hybrid score puts unrelated facts near 0.1), maxTokens 1500
/// (the plugin's recall token budget).
/// </summary>
public sealed record FactRecallOptions
{
    /// <summary>Recall runs before each turn. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>At most this many facts per turn. Default 5.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Facts scoring below this are left out. Default 0.3.</summary>
    public double MinScore { get; init; } = 0.3;

    /// <summary>The injected block stays within this many tokens (≈4 characters each). Default 1500.</summary>
    public int MaxTokens { get; init; } = 1500;

    /// <summary>Binds a <c>memory.recall</c> section.</summary>
    public static FactRecallOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new FactRecallOptions();
        return new FactRecallOptions
        {
            Enabled = section["enabled"].AsBool(d.Enabled),
            TopK = section["topK"].AsInt(d.TopK, 1, 100),
            MinScore = section["minScore"].AsDouble(d.MinScore, 0, 1),
            MaxTokens = section["maxTokens"].AsInt(d.MaxTokens, 50, 100_000),
        };
    }
}
