using Carapace.Core.Config;
using Carapace.Memory.Chunking;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Index;

namespace Carapace.Memory.Search;

/// <summary>
/// Everything under <c>memory.search</c> (or OpenClaw's <c>agents.defaults.memorySearch</c>): embeddings, sources,
/// chunking, sync and ranking. Defaults match OpenClaw; sources default to <c>["memory"]</c>.
/// </summary>
public sealed record MemorySearchOptions
{
    /// <summary>Memory tools and indexing are on. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Embedding provider settings. Default local MiniLM.</summary>
    public EmbeddingOptions Embeddings { get; init; } = new();

    /// <summary>What is indexed: <c>memory</c> (workspace files) and optionally <c>sessions</c>. Default <c>["memory"]</c>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = ["memory"];

    /// <summary>How files are cut. Default 400/80 tokens.</summary>
    public ChunkingOptions Chunking { get; init; } = new();

    /// <summary>How the index stays current.</summary>
    public MemorySyncOptions Sync { get; init; } = new();

    /// <summary>Ranking.</summary>
    public MemoryQueryOptions Query { get; init; } = new();

    /// <summary>The index file; <c>{agentId}</c> is replaced. Default <c>&lt;state&gt;/memory/{agentId}.sqlite</c> (null here).</summary>
    public string? StorePath { get; init; }

    /// <summary>Binds <c>memory.search</c> from the config root, falling back to <c>agents.defaults.memorySearch</c>.</summary>
    public static MemorySearchOptions BindRoot(ConfigSection root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var modern = root["memory"]["search"];
        var legacy = root["agents"]["defaults"]["memorySearch"];
        if (modern.Exists && legacy.Exists)
        {
            legacy.Warn("ignored because memory.search is also set; keep one of them");
        }

        return Bind(modern.Exists || !legacy.Exists ? modern : legacy);
    }

    /// <summary>Binds one memory search section.</summary>
    public static MemorySearchOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new MemorySearchOptions();
        var sources = section["sources"].Exists ? section["sources"].AsStringList() : d.Sources;
        foreach (var bad in sources.Where(s => s is not ("memory" or "sessions")))
        {
            section["sources"].Error($"unknown source '{bad}'; valid values: memory, sessions");
        }

        var sessionMemory = section["experimental"]["sessionMemory"].AsBool(false);
        return new MemorySearchOptions
        {
            Enabled = section["enabled"].AsBool(d.Enabled),
            Embeddings = EmbeddingOptions.Bind(section),
            Sources = sources.Where(s => s is "memory" or "sessions").Concat(sessionMemory ? ["sessions"] : []).Distinct().ToList(),
            Chunking = ChunkingOptions.Bind(section["chunking"]),
            Sync = MemorySyncOptions.Bind(section["sync"]),
            Query = MemoryQueryOptions.Bind(section["query"]),
            StorePath = section["store"]["path"].AsString(),
        };
    }
}
