using Carapace.Agent.Abstractions;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Agent.Tests.Turns.StandIns;
using Carapace.Agent.Turns;
using Carapace.Core.Channels;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Testing;
using Carapace.Testing.Channels;
using Carapace.Testing.Models;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Agent.Tests.Turns;

/// <summary>
/// A real pipeline over real HTTP to the fake OpenAI server, a temp workspace and a fake channel. The stores, resolver
/// and lane are the stand-ins in <c>StandIns/</c>, to be replaced by Carapace.Sessions' implementations at merge.
/// </summary>
internal sealed class TurnFixture : IAsyncDisposable
{
    private readonly ChatClientFactory _models;

    private TurnFixture(FakeOpenAiServer server, ChannelCapabilities? capabilities, bool withModel, Func<TurnServices, TurnServices>? customize)
    {
        Server = server;
        Channel = new FakeChannelAdapter("telegram", capabilities);
        Channels = new ChannelRegistry([Channel]);
        var doc = ConfigDocument.Parse($"{{ providers: {{ fake: {{ baseUrl: '{server.BaseUrl}', apiKey: 'k', maxRetries: 1 }} }} }}", "test.json5");
        _models = new ChatClientFactory(ModelsOptions.Bind(doc.Root), _ => null, Time, retryDefaults: new RetryOptions { BaseDelay = TimeSpan.Zero });
        var services = new TurnServices
        {
            Sessions = new TriggerSessionResolver(SessionStore, Time),
            SessionStore = SessionStore,
            Transcripts = Transcripts,
            Models = _models,
            Agents = new AgentOptions { Workspace = Workspace.Path, Model = withModel ? "fake/gpt-test" : null, UserTimeZone = TimeZoneInfo.Utc },
            Channels = Channels,
            Time = Time,
        };
        Pipeline = new TurnPipeline(customize?.Invoke(services) ?? services);
        Dispatcher = new TurnDispatcher(RouteOf, Lane, Pipeline, Channels);
    }

    public FakeOpenAiServer Server { get; }

    public FakeChannelAdapter Channel { get; }

    public ChannelRegistry Channels { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 4, 9, 30, 0, TimeSpan.Zero));

    public TempDirectory Workspace { get; } = new();

    public InMemoryTranscriptStore Transcripts { get; } = new();

    public InMemorySessionStore SessionStore { get; } = new();

    public SerialLane Lane { get; } = new();

    public TurnPipeline Pipeline { get; }

    public TurnDispatcher Dispatcher { get; }

    public static async Task<TurnFixture> StartAsync(ChannelCapabilities? capabilities = null, bool withModel = true, Func<TurnServices, TurnServices>? customize = null) =>
        new(await FakeOpenAiServer.StartAsync(), capabilities, withModel, customize);

    /// <summary>Routes like the real router would for the test's direct and group peers (per-channel-peer).</summary>
    public static Route RouteOf(InboundMessage message) => message.Peer.Kind == ChatType.Direct
        ? TestRoutes.Direct(message.Peer.Id, isOwner: message.SenderId == "owner", channel: message.Channel)
        : TestRoutes.Group(message.Peer.Id, message.SenderId, isOwner: message.SenderId == "owner", channel: message.Channel);

    public InboundMessage Direct(string peerId, string text, string? messageId = null) => new()
    {
        Channel = "telegram",
        Peer = new Peer(ChatType.Direct, peerId),
        SenderId = peerId,
        Text = text,
        ReceivedAt = Time.GetUtcNow(),
        ChannelMessageId = messageId,
    };

    public InboundMessage InGroup(string groupId, string senderId, string text) => new()
    {
        Channel = "telegram",
        Peer = new Peer(ChatType.Group, groupId),
        SenderId = senderId,
        Text = text,
        ReceivedAt = Time.GetUtcNow(),
    };

    /// <summary>Dispatches a message and waits for its whole turn.</summary>
    public async Task<Core.Turns.TurnOutcome> TurnAsync(InboundMessage message)
    {
        var ticket = await Dispatcher.DispatchAsync(message, TestDeadline.Token());
        return await ticket.Completion.WaitAsync(TestDeadline.Token());
    }

    public async Task<IReadOnlyList<Sessions.Abstractions.TranscriptEntry>> TranscriptOfAsync(InboundMessage message)
    {
        var session = await SessionStore.GetAsync(RouteOf(message).SessionKey, TestDeadline.Token());
        return session is null ? [] : await Transcripts.ReadAsync(session.SessionId, 0, TestDeadline.Token());
    }

    public async ValueTask DisposeAsync()
    {
        _models.Dispose();
        Workspace.Dispose();
        await Server.DisposeAsync();
    }
}
