using Carapace.Channels.CrabCallr.Config;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Channels.CrabCallr.Tests.Infrastructure;

/// <summary>
/// The whole phone path on loopback: a real relay, recording taps on both of its sockets, the adapter under test (on
/// observed fake time) and a simulated voice agent. The test itself plays the pipeline: it reads
/// <see cref="CrabCallrAdapter.Inbound"/> and answers through <see cref="CrabCallrAdapter.SendAsync"/>.
/// </summary>
internal sealed class VoiceTestBed : IAsyncDisposable
{
    public const string ApiKey = "cc_0123456789abcdef0123456789abcdef";
    public const string AgentSecret = "agent-secret-for-tests-0001";
    public const string UserId = "alice";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();

    private VoiceTestBed(RelayHost relay, FrameTap pluginTap, FrameTap agentTap, CrabCallrAdapter adapter, ListLogger<CrabCallrAdapter> log, ObservedTimeProvider time)
    {
        Relay = relay;
        PluginTap = pluginTap;
        AgentTap = agentTap;
        Adapter = adapter;
        Log = log;
        Time = time;
        Running = adapter.RunAsync(_stop.Token);
    }

    public RelayHost Relay { get; }

    public FrameTap PluginTap { get; }

    public FrameTap AgentTap { get; }

    public CrabCallrAdapter Adapter { get; }

    public ListLogger<CrabCallrAdapter> Log { get; }

    public ObservedTimeProvider Time { get; }

    public Task Running { get; }

    public VoiceCaller Caller { get; private set; } = null!;

    public static async Task<VoiceTestBed> StartAsync(Func<CrabCallrOptions, CrabCallrOptions>? configure = null, string apiKey = ApiKey)
    {
        var relay = await RelayHost.StartAsync(
            new RelayOptions { Port = 0, AgentSecret = AgentSecret, ApiKeys = new Dictionary<string, string> { [UserId] = ApiKey } },
            TimeProvider.System,
            NullLoggerFactory.Instance,
            CancellationToken.None);
        var pluginTap = await FrameTap.StartAsync(relay.BaseUri);
        var agentTap = await FrameTap.StartAsync(relay.BaseUri);
        // Heartbeats are tested on their own; elsewhere one long fake-time jump would outrun the real pong.
        var options = new CrabCallrOptions { ApiKey = apiKey, ServiceUrl = pluginTap.Uri("/plugin"), HeartbeatInterval = TimeSpan.FromDays(1) };
        var time = new ObservedTimeProvider();
        var log = new ListLogger<CrabCallrAdapter>();
        var adapter = new CrabCallrAdapter(configure?.Invoke(options) ?? options, time, log);
        var bed = new VoiceTestBed(relay, pluginTap, agentTap, adapter, log, time);
        bed.Caller = await VoiceCaller.ConnectAsync(agentTap.Uri("/agent"), AgentSecret, "agent-1", TimeProvider.System, CancellationToken.None);
        return bed;
    }

    /// <summary>Starts the bed and waits until the relay reports the adapter's plugin connection.</summary>
    public static async Task<VoiceTestBed> StartConnectedAsync(Func<CrabCallrOptions, CrabCallrOptions>? configure = null)
    {
        var bed = await StartAsync(configure);
        await bed.WaitUntilPluginConnectedAsync();
        return bed;
    }

    public async Task WaitUntilPluginConnectedAsync()
    {
        for (var i = 0; i < 500; i++)
        {
            if (await Caller.IsPluginConnectedAsync(UserId, CancellationToken.None) && Adapter.Status.Connected)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the adapter did not connect to the relay");
    }

    public static DeliveryTarget TargetOf(InboundMessage message) =>
        new(message.Channel, message.AccountId ?? "default", message.Peer, ReplyToMessageId: message.ChannelMessageId);

    public Task StartCallAsync(string callId) => Caller.StartCallAsync(UserId, callId, CallSources.Phone, CancellationToken.None);

    public Task SayAsync(string callId, string messageId, string text) => Caller.SendUserMessageAsync(UserId, callId, messageId, text, CancellationToken.None);

    public async Task<InboundMessage> NextInboundAsync() => await Adapter.Inbound.ReadAsync().AsTask().WaitAsync(Patience);

    public ValueTask ReplyAsync(InboundMessage message, OutboundChunk chunk) => Adapter.SendAsync(TargetOf(message), chunk, CancellationToken.None);

    /// <summary>The next frame the voice agent received (pongs skipped).</summary>
    public async Task<Frame> NextFrameAsync()
    {
        while (true)
        {
            var received = await Caller.Received.ReadAsync().AsTask().WaitAsync(Patience);
            if (received.Frame is not PongFrame)
            {
                return received.Frame;
            }
        }
    }

    public async Task<UtteranceFrame> NextUtteranceAsync() => Assert.IsType<UtteranceFrame>(await NextFrameAsync());

    /// <summary>
    /// Proves nothing more was spoken in a call: an out-of-band marker sent now through the adapter's own socket must be
    /// the very next frame the caller hears (frames on one path stay in order).
    /// </summary>
    public async Task AssertNothingMoreSpokenAsync(string callId)
    {
        var target = new DeliveryTarget(CrabCallrAdapter.ChannelName, "default", new Peer(ChatType.Direct, callId));
        await Adapter.SendAsync(target, OutboundChunk.Final("marker"), CancellationToken.None);
        var next = await NextUtteranceAsync();
        Assert.Equal("marker", next.Text);
        Assert.StartsWith("oc_ext_", next.UtteranceId, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(Patience);
        await Caller.DisposeAsync();
        await Adapter.DisposeAsync();
        await PluginTap.DisposeAsync();
        await AgentTap.DisposeAsync();
        await Relay.DisposeAsync();
        _stop.Dispose();
    }
}
