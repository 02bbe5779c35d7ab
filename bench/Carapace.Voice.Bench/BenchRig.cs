using Carapace.Channels.CrabCallr;
using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Messages;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Voice.Bench;

/// <summary>The phone path on loopback with real time: relay, one adapter, a scripted responder in place of the pipeline.</summary>
internal sealed class BenchRig : IAsyncDisposable
{
    public const string UserId = "bench-user";
    private const string ApiKey = "cc_0123456789abcdef0123456789abcdef";
    private const string Secret = "bench-secret-0123456789";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _background = [];

    private BenchRig(RelayHost relay, CrabCallrAdapter adapter)
    {
        Relay = relay;
        Adapter = adapter;
    }

    public RelayHost Relay { get; }

    public CrabCallrAdapter Adapter { get; }

    /// <summary>Starts everything; <paramref name="respond"/> answers each inbound message (run concurrently per message).</summary>
    public static async Task<BenchRig> StartAsync(Func<CrabCallrAdapter, InboundMessage, DeliveryTarget, Task> respond)
    {
        var relay = await RelayHost.StartAsync(
            new RelayOptions { Port = 0, AgentSecret = Secret, ApiKeys = new Dictionary<string, string> { [UserId] = ApiKey } },
            TimeProvider.System,
            NullLoggerFactory.Instance,
            CancellationToken.None);
        var options = new CrabCallrOptions
        {
            ApiKey = ApiKey,
            ServiceUrl = relay.PluginUri,
            Fillers = new FillerOptions { Enabled = false },
            Idle = new IdleOptions { Enabled = false },
        };
        var adapter = new CrabCallrAdapter(options, TimeProvider.System, NullLogger<CrabCallrAdapter>.Instance);
        var rig = new BenchRig(relay, adapter);
        rig._background.Add(adapter.RunAsync(rig._stop.Token));
        rig._background.Add(Task.Run(async () =>
        {
            await foreach (var message in adapter.Inbound.ReadAllAsync())
            {
                var target = new DeliveryTarget(message.Channel, message.AccountId ?? "default", message.Peer, ReplyToMessageId: message.ChannelMessageId);
                _ = Task.Run(() => respond(adapter, message, target));
            }
        }));
        return rig;
    }

    public async Task<VoiceCaller> CallerAsync(string agentId)
    {
        var caller = await VoiceCaller.ConnectAsync(Relay.AgentUri, Secret, agentId, TimeProvider.System, CancellationToken.None);
        for (var i = 0; i < 500 && !await caller.IsPluginConnectedAsync(UserId, CancellationToken.None); i++)
        {
            await Task.Delay(10);
        }

        return caller;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_background);
        await Adapter.DisposeAsync();
        await Relay.DisposeAsync();
        _stop.Dispose();
    }
}
