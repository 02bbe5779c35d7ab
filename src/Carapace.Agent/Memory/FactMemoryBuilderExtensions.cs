using Carapace.Agent.Abstractions;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Memory.Facts;
using Carapace.Memory.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>Adds automatic memory to every turn: recall before it, fact tools during it, capture after it and before compaction.</summary>
public static class FactMemoryBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="FactMemories"/>, recall (<c>memory.recall</c>), the fact tools, the capture hook and the memory
    /// flush. The host calls <see cref="FactMemories.StartAsync"/> at start so pending captures resume.
    /// </summary>
    public static ICarapaceAgentBuilder UseFactMemory(this ICarapaceAgentBuilder builder, AgentOptions agents, FactMemoryOptions options, MemorySearchOptions search)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(search);
        builder.Services.TryAddSingleton(services => new SharedEmbeddings(search, services.GetService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new FactMemories(
            agents, options, sp.GetRequiredService<SharedEmbeddings>(), sp.GetRequiredService<ChatClientFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        builder.Services.AddSingleton<IMemoryRecall>(sp => new FactRecall(sp.GetRequiredService<FactMemories>(), sp.GetService<WorkspaceMemories>()));
        builder.Services.AddSingleton<IToolSource, FactToolSource>();
        builder.Services.AddSingleton<IPostTurnHook, FactCaptureHook>();
        builder.Services.AddSingleton<IMemoryFlush, FactMemoryFlush>();
        return builder;
    }
}
