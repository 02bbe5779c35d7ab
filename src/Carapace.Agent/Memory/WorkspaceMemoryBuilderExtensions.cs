using Carapace.Agent.Abstractions;
using Carapace.Agent.Prompt;
using Carapace.Memory.Search;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Memory;

/// <summary>Adds the agent's memory files (MEMORY.md, daily logs) to every turn: scoped tools and the prompt guidance.</summary>
public static class WorkspaceMemoryBuilderExtensions
{
    /// <summary>Registers memory tools and guidance for every agent; nothing when <c>memory.search.enabled</c> is false.</summary>
    public static ICarapaceAgentBuilder UseWorkspaceMemory(this ICarapaceAgentBuilder builder, AgentOptions agents, MemorySearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.TryAddSingleton(services => new SharedEmbeddings(options, services.GetService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new WorkspaceMemories(
            agents,
            options,
            sp.GetRequiredService<TimeProvider>(),
            agentId => new SessionTranscriptSource(
                agentId, sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<ISessionHistory>(), sp.GetRequiredService<ITranscriptStore>()),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<SharedEmbeddings>()));
        if (options.Sources.Contains(SessionTranscriptSource.SourceName))
        {
            builder.Services.AddSingleton<IPostTurnHook, TranscriptIndexing>();
        }

        builder.Services.AddSingleton<IToolSource, MemoryToolSource>();
        builder.Services.AddSingleton<IPromptContributor, MemoryPromptContributor>();
        return builder;
    }
}
