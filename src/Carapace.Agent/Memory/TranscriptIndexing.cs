using Carapace.Agent.Abstractions;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Memory;

/// <summary>
/// Keeps indexed session transcripts current: after a turn, the agent's index syncs in the background (one sync in
/// flight per agent, a turn never waits for it), so the next search already sees what was just said.
/// </summary>
public sealed partial class TranscriptIndexing(WorkspaceMemories memories, ILogger<TranscriptIndexing> logger) : IPostTurnHook
{
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _again = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public ValueTask OnTurnCompletedAsync(CompletedTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var agentId = turn.Route.AgentId;
        lock (_lock)
        {
            if (!_running.Add(agentId))
            {
                _again.Add(agentId);
                return ValueTask.CompletedTask;
            }
        }

        _ = Task.Run(() => SyncAsync(agentId), CancellationToken.None);
        return ValueTask.CompletedTask;
    }

    private async Task SyncAsync(string agentId)
    {
        while (true)
        {
            try
            {
                var memory = await memories.GetAsync(agentId, CancellationToken.None);
                await memory.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogSyncFailed(e, agentId);
            }

            lock (_lock)
            {
                if (!_again.Remove(agentId))
                {
                    _running.Remove(agentId);
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing session transcripts of agent {AgentId} failed; the next turn tries again")]
    private partial void LogSyncFailed(Exception exception, string agentId);
}
