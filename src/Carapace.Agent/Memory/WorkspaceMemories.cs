using System.Collections.Concurrent;
using Carapace.Agent.Prompt;
using Carapace.Memory;
using Carapace.Memory.Index;
using Carapace.Memory.Search;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Memory;

/// <summary>
/// The memory files of every agent, each opened on first use (index, embeddings and file watcher) and kept open for
/// the life of the gateway, so a turn never pays for opening an index. <paramref name="transcripts"/> gives an agent's
/// session transcripts as a source, indexed when <c>memory.search.sources</c> includes <c>sessions</c>.
/// </summary>
public sealed class WorkspaceMemories(
    AgentOptions agents,
    MemorySearchOptions options,
    TimeProvider time,
    Func<string, IMemorySource>? transcripts = null,
    ILoggerFactory? logging = null,
    SharedEmbeddings? embeddings = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<AgentMemory>>> _open = new(StringComparer.Ordinal);

    /// <summary>The search options every agent's memory uses.</summary>
    public MemorySearchOptions Options { get; } = options;

    /// <summary>The memory of one agent, opened and watched on first use.</summary>
    public Task<AgentMemory> GetAsync(string agentId, CancellationToken cancellationToken) =>
        _open.GetOrAdd(agentId, id => new Lazy<Task<AgentMemory>>(() => OpenAsync(id, cancellationToken))).Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _open.Values.Where(e => e.IsValueCreated))
        {
            try
            {
                await (await entry.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (entry.Value.IsFaulted)
            {
                // It never opened; nothing to close.
            }
        }
    }

    private async Task<AgentMemory> OpenAsync(string agentId, CancellationToken cancellationToken)
    {
        var memory = await AgentMemory.OpenAsync(
            agents.StateDirectory, agentId, agents.WorkspaceFor(agentId), Options, time, agents.UserTimeZone,
            CancellationToken.None, embeddings: embeddings?.Value, extraSources: transcripts is null ? null : [transcripts(agentId)], logging: logging)
            .ConfigureAwait(false);
        memory.StartWatching();
        return memory;
    }
}
