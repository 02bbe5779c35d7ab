using Carapace.Channels.CrabCallr.Wire;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// The whole phone path with real parts on loopback: a relay, a real gateway (temp state dir, SQLite sessions, the real
/// turn pipeline) whose <c>channels.crabcallr</c> points at the relay, a fake OpenAI-compatible model server, and a
/// simulated voice agent placing calls. Only the model and the hosted speech side are stand-ins.
/// </summary>
public sealed class VoiceGateway : IAsyncDisposable
{
    public const string UserId = "alice";
    public const string ApiKey = "cc_0123456789abcdef0123456789abcdef";

    /// <summary>A second relay user, for configs with two accounts.</summary>
    public const string SecondUserId = "bob";
    public const string SecondApiKey = "cc_fedcba9876543210fedcba9876543210";
    public const string AgentSecret = "agent-secret-for-tests-0001";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _dir;

    private VoiceGateway(TempDirectory dir, FakeOpenAiServer model, RelayHost relay, GatewayHost host, VoiceCaller caller)
    {
        _dir = dir;
        Model = model;
        Relay = relay;
        Host = host;
        Caller = caller;
    }

    public FakeOpenAiServer Model { get; }

    public RelayHost Relay { get; }

    public GatewayHost Host { get; }

    public VoiceCaller Caller { get; }

    public string StateDir => _dir.Path;

    /// <summary>
    /// Starts everything and waits until the gateway's adapter is connected. <paramref name="crabCallr"/> and
    /// <paramref name="root"/> are extra JSON5 members for <c>channels.crabcallr</c> and the root; <paramref name="prepare"/>
    /// may write files into the state dir before the gateway starts; <paramref name="services"/> may add or replace services.
    /// Automatic memory capture is off unless <paramref name="memoryCapture"/> is set.
    /// </summary>
    public static async Task<VoiceGateway> StartAsync(
        string crabCallr = "", string root = "", string provider = "", Action<TempDirectory>? prepare = null, Action<IServiceCollection>? services = null,
        bool memoryCapture = false)
    {
        var dir = new TempDirectory();
        FakeOpenAiServer? model = null;
        RelayHost? relay = null;
        GatewayHost? host = null;
        try
        {
            model = await FakeOpenAiServer.StartAsync();
            relay = await RelayHost.StartAsync(
                new RelayOptions { Port = 0, AgentSecret = AgentSecret, ApiKeys = new Dictionary<string, string> { [UserId] = ApiKey, [SecondUserId] = SecondApiKey } },
                TimeProvider.System,
                NullLoggerFactory.Instance,
                CancellationToken.None);
            prepare?.Invoke(dir);
            var config = $$"""
                {
                  session: { dmScope: 'per-channel-peer' },
                  agents: { defaults: { model: 'fake/fake-model' } },
                  models: { providers: { fake: { api: 'openai', baseUrl: '{{model.BaseUrl}}', apiKey: 'test-key', maxRetries: 0, {{provider}} } } },
                  channels: { crabcallr: { apiKey: '{{ApiKey}}', serviceUrl: '{{relay.PluginUri}}', fillers: { enabled: false }, idle: { enabled: false }, {{crabCallr}} } },
                  {{root}}
                }
                """;
            var settings = await TestGateway.LoadSettingsAsync(dir, config);
            Assert.Empty(settings.Document.Diagnostics);
            host = await GatewayHost.StartAsync(TestGateway.WithCapture(settings, memoryCapture), new GatewayStartOptions { Port = 0, Environment = _ => null, ConfigureServices = services }, CancellationToken.None);
            var caller = await VoiceCaller.ConnectAsync(relay.AgentUri, AgentSecret, "voice-agent-1", TimeProvider.System, CancellationToken.None);
            var voice = new VoiceGateway(dir, model, relay, host, caller);
            await voice.WaitUntilConnectedAsync(UserId);
            return voice;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (relay is not null)
            {
                await relay.DisposeAsync();
            }

            if (model is not null)
            {
                await model.DisposeAsync();
            }

            dir.Dispose();
            throw;
        }
    }

    /// <summary>Waits (bounded) until the relay reports the user's agent host connected; each round is one request/answer on the socket.</summary>
    public async Task WaitUntilConnectedAsync(string userId)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await Caller.IsPluginConnectedAsync(userId, CancellationToken.None))
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the gateway's CrabCallr adapter did not connect to the relay for {userId}");
    }

    public Task StartCallAsync(string callId, string userId = UserId) => Caller.StartCallAsync(userId, callId, CallSources.Phone, CancellationToken.None);

    public Task SayAsync(string callId, string messageId, string text, string userId = UserId) =>
        Caller.SendUserMessageAsync(userId, callId, messageId, text, CancellationToken.None);

    /// <summary>The next frame the voice agent received (pongs skipped), within a bounded wait.</summary>
    public async Task<ReceivedFrame> NextAsync()
    {
        while (true)
        {
            var received = await Caller.Received.ReadAsync().AsTask().WaitAsync(Patience);
            if (received.Frame is not PongFrame)
            {
                return received;
            }
        }
    }

    public async Task<UtteranceFrame> NextUtteranceAsync() => Assert.IsType<UtteranceFrame>((await NextAsync()).Frame);

    /// <summary>The session and its transcript lines as <c>role: text</c>, read from the gateway's real store.</summary>
    public async Task<(SessionEntry Session, IReadOnlyList<TranscriptEntry> Lines)> TranscriptAsync(string sessionKey)
    {
        var session = await Host.Services.GetRequiredService<ISessionStore>().GetAsync(sessionKey, CancellationToken.None);
        Assert.NotNull(session);
        var lines = await Host.Services.GetRequiredService<ITranscriptStore>().ReadAsync(session.SessionId, 0, CancellationToken.None);
        return (session, lines);
    }

    public async ValueTask DisposeAsync()
    {
        await Caller.DisposeAsync();
        await Host.DisposeAsync();
        await Relay.DisposeAsync();
        await Model.DisposeAsync();
        _dir.Dispose();
    }
}
