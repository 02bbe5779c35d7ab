using Carapace.Agent.Abstractions;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Agent.Tests.Turns;
using Carapace.Agent.Tests.Turns.StandIns;
using Carapace.Agent.Turns;
using Carapace.Core.Channels;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing;
using Carapace.Testing.Channels;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Agent.Tests;

/// <summary>Composition through AddCarapaceAgent, with the Carapace.Sessions stand-ins from <c>Turns/StandIns/</c>.</summary>
public sealed class AgentServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddCarapaceAgent_WithHostServices_DispatcherAnswersThroughTheRegisteredChannel()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(ModelReply.WithText("composed"));
        using var workspace = new TempDirectory();
        var channel = new FakeChannelAdapter("telegram");
        var services = new ServiceCollection();
        var store = new InMemorySessionStore();
        services.AddSingleton<ISessionStore>(store);
        services.AddSingleton<ITranscriptStore>(new InMemoryTranscriptStore());
        services.AddSingleton<ISessionResolver>(new TriggerSessionResolver(store, TimeProvider.System));
        services.AddSingleton<ISessionLane>(new SerialLane());
        services.AddSingleton<IChannelAdapter>(channel);
        var doc = ConfigDocument.Parse($"{{ providers: {{ fake: {{ baseUrl: '{server.BaseUrl}' }} }} }}", "test.json5");

        var builder = services.AddCarapaceAgent(
            new AgentOptions { Workspace = workspace.Path }, ModelsOptions.Bind(doc.Root), TurnFixture.RouteOf, name => name == "CARAPACE_MODEL" ? "fake/m" : null);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.Same(services, builder.Services);
        var dispatcher = provider.GetRequiredService<ITurnDispatcher>();
        Assert.Same(dispatcher, provider.GetRequiredService<ITurnDispatcher>());
        Assert.Same(provider.GetRequiredService<ChatClientFactory>(), provider.GetRequiredService<ChatClientFactory>());
        var message = new InboundMessage
        {
            Channel = "telegram",
            Peer = new Peer(ChatType.Direct, "alice"),
            SenderId = "alice",
            Text = "hello",
            ReceivedAt = DateTimeOffset.UnixEpoch,
        };
        var ticket = await dispatcher.DispatchAsync(message, TestDeadline.Token());
        Assert.Equal(new TurnOutcome("composed", TurnEnd.Completed), await ticket.Completion.WaitAsync(TestDeadline.Token()));
        Assert.Equal(["composed"], channel.FinalsTo(message.Peer));
    }

    [Fact]
    public void AddCarapaceAgent_WithoutSessionServices_FailsNamingTheMissingService()
    {
        var services = new ServiceCollection();
        services.AddCarapaceAgent(new AgentOptions(), new ModelsOptions(), TurnFixture.RouteOf, _ => null);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<TurnPipeline>());

        Assert.Contains(nameof(ISessionResolver), error.Message, StringComparison.Ordinal);
    }
}
