using System.Collections.Concurrent;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Memory.Facts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>
/// The fact memory of every agent, each opened on first use (or at start, to resume queued captures) and kept open for
/// the life of the gateway. Capture uses <c>memory.capture.model</c>, else the agent's model; with neither, capture is
/// off for that agent (one log line) and recall and tools still work.
/// </summary>
public sealed partial class FactMemories(
    AgentOptions agents, FactMemoryOptions options, SharedEmbeddings embeddings, ChatClientFactory models, TimeProvider time, ILoggerFactory? logging = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<FactMemory>>> _open = new(StringComparer.Ordinal);
    private readonly ILogger _logger = (logging ?? NullLoggerFactory.Instance).CreateLogger<FactMemories>();

    /// <summary>The settings every agent's fact memory uses.</summary>
    public FactMemoryOptions Options { get; } = options;

    /// <summary>The fact memory of one agent, opened (and its capture worker started) on first use.</summary>
    public Task<FactMemory> GetAsync(string agentId) =>
        _open.GetOrAdd(agentId, id => new Lazy<Task<FactMemory>>(() => OpenAsync(id))).Value;

    /// <summary>Opens every configured agent's fact memory, so captures left pending by the last run resume now.</summary>
    public async Task StartAsync()
    {
        foreach (var agentId in agents.ConfiguredAgentIds)
        {
            await GetAsync(agentId).ConfigureAwait(false);
        }
    }

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

    private async Task<FactMemory> OpenAsync(string agentId)
    {
        var chat = default(Microsoft.Extensions.AI.IChatClient);
        if (Options.Capture.Enabled)
        {
            var model = models.Resolve(Options.Capture.Model ?? agents.ModelFor(agentId));
            chat = model.Client;
            if (!model.IsConfigured)
            {
                LogCaptureOff(agentId, model.Problem);
            }
        }

        var memory = await FactMemory.OpenAsync(
            FactMemory.DefaultPath(agents.StateDirectory, agentId), Options, embeddings.Value, chat, time, agents.UserTimeZone, logging, CancellationToken.None).ConfigureAwait(false);
        memory.StartCapture();
        return memory;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic memory capture is off for agent {AgentId}: {Reason}")]
    private partial void LogCaptureOff(string agentId, string reason);
}
