using Carapace.Agent.Abstractions;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Agent.Tests.Turns;
using Carapace.Agent.Turns;
using Carapace.Core.Channels;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Core.Sessions;
using Carapace.Sessions;
using Carapace.Sessions.Lifecycle;
using Carapace.Sessions.Sqlite;
using Carapace.Testing;
using Carapace.Testing.Channels;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Agent.Tests;

/// <summary>Composition through AddCarapaceSessions and AddCarapaceAgent, over a real SQLite session database.</summary>
public sealed class AgentServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddCarapaceAgent_WithHostServices_DispatcherAnswersThroughTheRegisteredChannel()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(ModelReply.WithText("composed"));
        using var workspace = new TempDirectory();
        using var state = new TempDirectory();
        await using var database = await SqliteSessionDatabase.OpenAsync(state.Path, TestDeadline.Token());
        var channel = new FakeChannelAdapter("telegram");
        var services = new ServiceCollection();
        services.AddCarapaceSessions(database, new SessionPolicyOptions(), TimeZoneInfo.Utc);
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

        Assert.Contains(nameof(SessionManager), error.Message, StringComparison.Ordinal);
    }
}
