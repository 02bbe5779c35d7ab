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
public sealed partial class WorkspaceMemories(
    AgentOptions agents,
    MemorySearchOptions options,
    TimeProvider time,
    Func<string, IMemorySource>? transcripts = null,
    ILoggerFactory? logging = null,
    SharedEmbeddings? embeddings = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<AgentMemory>>> _open = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _warmUp;

    /// <summary>The search options every agent's memory uses.</summary>
    public MemorySearchOptions Options { get; } = options;

    /// <summary>The memory of one agent, opened and watched on first use.</summary>
    public Task<AgentMemory> GetAsync(string agentId, CancellationToken cancellationToken) =>
        _open.GetOrAdd(agentId, id => new Lazy<Task<AgentMemory>>(() => OpenAsync(id, cancellationToken))).Value;

    /// <summary>
    /// Opens every configured agent's memory in the background (the gateway calls it once it listens): the index loads,
    /// files edited while the gateway was stopped are indexed, and the local query model loads, so the first turn pays
    /// for none of it. The returned task ends when all are ready; a failure is logged and the first turn tries again.
    /// </summary>
    public Task StartAsync()
    {
        lock (_gate)
        {
            return _warmUp ??= Task.Run(() => WarmUpAsync(_stopping.Token));
        }
    }

    /// <summary>True once <paramref name="agentId"/>'s memory is open (by <see cref="StartAsync"/> or a turn).</summary>
    public bool IsOpen(string agentId) => _open.TryGetValue(agentId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task? warmUp;
        lock (_gate)
        {
            warmUp = _warmUp;
        }

        if (warmUp is not null)
        {
            await warmUp.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

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

        _stopping.Dispose();
    }

    private async Task WarmUpAsync(CancellationToken stopping)
    {
        var logger = logging?.CreateLogger<WorkspaceMemories>();
        foreach (var agentId in agents.ConfiguredAgentIds)
        {
            AgentMemory memory;
            try
            {
                memory = await GetAsync(agentId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _open.TryRemove(agentId, out _); // the first turn opens it again instead of meeting the same failure
                if (logger is not null)
                {
                    LogWarmUpFailed(logger, agentId, e);
                }

                continue;
            }

            try
            {
                var done = await memory.WarmUpAsync(stopping).ConfigureAwait(false);
                if (logger is not null)
                {
                    LogReady(logger, agentId, done);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (logger is not null)
                {
                    LogWarmUpFailed(logger, agentId, e);
                }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory of agent {AgentId} ready: {Done}")]
    private static partial void LogReady(ILogger logger, string agentId, string done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory of agent {AgentId} could not be made ready at start; the first turn will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, string agentId, Exception error);
}
