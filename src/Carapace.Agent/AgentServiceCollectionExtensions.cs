using Carapace.Agent.Abstractions;
using Carapace.Agent.Compaction;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Agent.Turns;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Agent;

/// <summary>The one place the agent side of a turn is composed: models, prompt, pipeline and dispatcher.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ITurnDispatcher"/> and what it needs. The host also registers the sessions
    /// (<c>AddCarapaceSessions</c>: <see cref="SessionManager"/>, <see cref="ISessionLanes"/>, <see cref="ITranscriptStore"/>)
    /// and its <see cref="IChannelAdapter"/>s; the <see cref="SendPolicy"/> (<c>session.sendPolicy</c>, default allow),
    /// <see cref="IMemoryRecall"/>, <see cref="IMemoryFlush"/>, <see cref="IToolSource"/>s and <see cref="IPostTurnHook"/>s are optional. <paramref name="environment"/> defaults to the process environment.
    /// </summary>
    public static ICarapaceAgentBuilder AddCarapaceAgent(
        this IServiceCollection services, AgentOptions agents, ModelsOptions models, Func<InboundMessage, Route> route, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(route);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMemoryRecall>(NoMemoryRecall.Instance);
        services.TryAddSingleton<IMemoryFlush>(NoMemoryFlush.Instance);
        services.TryAddSingleton(new SendPolicy());
        services.AddSingleton(agents);
        services.AddSingleton(sp => new ChatClientFactory(
            models, environment ?? Environment.GetEnvironmentVariable, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => new ChannelRegistry(sp.GetServices<IChannelAdapter>()));
        services.AddSingleton(sp => new TurnPipeline(new TurnServices
        {
            Sessions = sp.GetRequiredService<SessionManager>(),
            Transcripts = sp.GetRequiredService<ITranscriptStore>(),
            Models = sp.GetRequiredService<ChatClientFactory>(),
            Agents = agents,
            Channels = sp.GetRequiredService<ChannelRegistry>(),
            SendPolicy = sp.GetRequiredService<SendPolicy>(),
            Recall = sp.GetRequiredService<IMemoryRecall>(),
            MemoryFlush = sp.GetRequiredService<IMemoryFlush>(),
            ToolSources = [.. sp.GetServices<IToolSource>()],
            PromptContributors = [.. sp.GetServices<IPromptContributor>()],
            PostTurnHooks = [.. sp.GetServices<IPostTurnHook>()],
            Time = sp.GetRequiredService<TimeProvider>(),
            LoggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
        }));
        services.AddSingleton<ITurnDispatcher>(sp => new TurnDispatcher(
            route, sp.GetRequiredService<ISessionLanes>(), sp.GetRequiredService<TurnPipeline>(), sp.GetRequiredService<ChannelRegistry>()));
        return new CarapaceAgentBuilder(services);
    }

    private sealed class CarapaceAgentBuilder(IServiceCollection services) : ICarapaceAgentBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
