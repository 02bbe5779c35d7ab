using System.Text.RegularExpressions;
using Carapace.Core.Memory;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Files;
using Carapace.Memory.Index;
using Carapace.Memory.Search;
using Carapace.Memory.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Memory;

/// <summary>
/// One agent's long-term memory put together: the workspace files, the index and its watcher, search, the tools for a
/// scope and the /new prelude. The one entry point the agent pipeline, the gateway and the CLI use.
/// </summary>
public sealed partial class AgentMemory : IAsyncDisposable
{
    private readonly MemorySearchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _logging;
    private readonly IDisposable? _ownedGenerator;
    private MemoryIndexWatcher? _watcher;

    private AgentMemory(MemoryWorkspace workspace, MemoryIndex index, MemorySearchOptions options, TimeProvider time, ILoggerFactory? logging, IDisposable? ownedGenerator)
    {
        _ownedGenerator = ownedGenerator;
        Workspace = workspace;
        Index = index;
        _options = options;
        _time = time;
        _logging = logging;
        Searcher = new MemorySearcher(index, options.Query, options.Sync, time);
    }

    /// <summary>The markdown files.</summary>
    public MemoryWorkspace Workspace { get; }

    /// <summary>The index.</summary>
    public MemoryIndex Index { get; }

    /// <summary>Scoped search.</summary>
    public MemorySearcher Searcher { get; }

    /// <summary>The default index file of an agent: <c>&lt;stateDir&gt;/memory/&lt;agentId&gt;.sqlite</c>.</summary>
    public static string DefaultStorePath(string stateDir, string agentId) => Path.Combine(stateDir, "memory", CheckAgentId(agentId) + ".sqlite");

    /// <summary>
    /// Opens an agent's memory. <paramref name="embeddings"/> overrides the configured provider (with its identity);
    /// <paramref name="extraSources"/> adds sources such as session transcripts when <c>sources</c> includes <c>sessions</c>.
    /// </summary>
    public static async Task<AgentMemory> OpenAsync(
        string stateDir, string agentId, string workspaceDir, MemorySearchOptions options, TimeProvider time, TimeZoneInfo userZone,
        CancellationToken cancellationToken, (IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity)? embeddings = null,
        IReadOnlyList<IMemorySource>? extraSources = null, ILoggerFactory? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storePath = options.StorePath is { } custom ? custom.Replace("{agentId}", CheckAgentId(agentId), StringComparison.Ordinal) : DefaultStorePath(stateDir, agentId);
        var workspace = new MemoryWorkspace(workspaceDir, time, userZone);
        var sources = new List<IMemorySource>();
        if (options.Sources.Contains("memory"))
        {
            sources.Add(new WorkspaceFileSource(workspace));
        }

        if (options.Sources.Contains("sessions") && extraSources is not null)
        {
            sources.AddRange(extraSources.Where(s => s.Name == "sessions"));
        }

        var (generator, identity) = embeddings ?? EmbeddingGenerators.Create(options.Embeddings, logging?.CreateLogger<Embeddings.Static.StaticEmbeddingGenerator>());
        generator = generator is null ? null : QueryEmbeddingCache.Wrap(generator);
        var index = await MemoryIndex.OpenAsync(storePath, sources, generator, identity, options.Chunking, time, logging?.CreateLogger<MemoryIndex>(), cancellationToken).ConfigureAwait(false);
        return new AgentMemory(workspace, index, options, time, logging, embeddings is null ? generator : null);
    }

    /// <summary>The memory tools for one turn's scope.</summary>
    public IReadOnlyList<AIFunction> ToolsFor(MemoryScope scope) => MemoryTools.Create(scope, Searcher, Workspace);

    /// <summary>The /new and /reset prelude for a scope (empty for scopes that may not read the owner's logs).</summary>
    public Task<string> StartupContextAsync(MemoryScope scope, CancellationToken cancellationToken) => MemoryStartupContext.BuildAsync(scope, Workspace, cancellationToken);

    /// <summary>Starts the file watcher and periodic check (per <c>sync.*</c>); returns it so callers can observe syncs.</summary>
    public MemoryIndexWatcher StartWatching() =>
        _watcher ??= new MemoryIndexWatcher(Index, Workspace.Root, _options.Sync, _time, _logging?.CreateLogger<MemoryIndexWatcher>());

    /// <summary>
    /// Gets the memory ready before the first turn needs it: indexes what changed while nothing watched the files (when
    /// <c>sync.onSearch</c> is on), and when the index holds anything, runs a local model's query path once (loading the
    /// model and building its one-byte query copy takes ~1 s, which the first search would otherwise pay). Remote
    /// providers are not called. Returns what it did, for the gateway's log.
    /// </summary>
    public async Task<string> WarmUpAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (_options.Sync.OnSearch)
        {
            await Index.SyncAsync(force: false, progress: null, cancellationToken).ConfigureAwait(false);
        }

        var status = Index.Status();
        var local = Index.Embeddings?.GetService<EmbeddingGeneratorMetadata>()?.ProviderName == "local";
        var warmed = local && status.Chunks > 0 && Index.DegradedReason is null;
        if (warmed)
        {
            await Index.Embeddings!.GenerateVectorAsync("warm-up", LocalEmbeddingGenerator.QueryOptions, cancellationToken).ConfigureAwait(false);
        }

        return $"{status.Files} files, {status.Chunks} chunks, mode {status.Mode}{(warmed ? ", query model loaded" : "")}, in {clock.ElapsedMilliseconds} ms";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
        }

        await Index.DisposeAsync().ConfigureAwait(false);
        _ownedGenerator?.Dispose();
    }

    private static string CheckAgentId(string agentId) =>
        agentId is not null && AgentIdPattern().IsMatch(agentId)
            ? agentId
            : throw new ArgumentException($"agent id '{agentId}' is not a normalised id (lowercase letters, digits, '-' and '_', at most 64)", nameof(agentId));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AgentIdPattern();
}
