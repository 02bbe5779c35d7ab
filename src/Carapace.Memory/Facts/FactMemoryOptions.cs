using Carapace.Core.Config;

namespace Carapace.Memory.Facts;

/// <summary>
/// The automatic-memory settings of the <c>memory</c> section: whose pool a fact lands in (<c>memory.scope</c>), capture
/// after each turn (<c>memory.capture.*</c>) and recall before each turn (<c>memory.recall.*</c>).
/// </summary>
public sealed record FactMemoryOptions
{
    /// <summary><c>per-identity</c> (default): each person has their own facts; <c>shared</c>: one pool per agent. Groups always use their own pool.</summary>
    public FactPool Pool { get; init; } = FactPool.PerIdentity;

    /// <summary>Capture after each turn.</summary>
    public FactCaptureOptions Capture { get; init; } = new();

    /// <summary>Recall before each turn.</summary>
    public FactRecallOptions Recall { get; init; } = new();

    /// <summary>Binds <c>scope</c>, <c>capture</c> and <c>recall</c> of the <c>memory</c> section.</summary>
    public static FactMemoryOptions Bind(ConfigSection memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var scope = memory["scope"].AsChoice("per-identity", "per-identity", "shared");
        return new FactMemoryOptions
        {
            Pool = scope == "shared" ? FactPool.Shared : FactPool.PerIdentity,
            Capture = FactCaptureOptions.Bind(memory["capture"]),
            Recall = FactRecallOptions.Bind(memory["recall"]),
        };
    }
}
