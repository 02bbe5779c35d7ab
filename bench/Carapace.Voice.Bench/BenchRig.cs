using Carapace.Channels.CrabCallr;
using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Messages;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Voice.Bench;

/// <summary>The channel alone on loopback with real time: relay, one adapter, a scripted responder in place of the pipeline.</summary>
internal sealed class BenchRig : IVoiceRig
{
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
        var relay = await RelayAccess.StartAsync();
        var options = new CrabCallrOptions
        {
            ApiKey = RelayAccess.ApiKey,
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

    public Task<VoiceCaller> CallerAsync(string agentId) => RelayAccess.CallerAsync(Relay, agentId);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_background);
        await Adapter.DisposeAsync();
        await Relay.DisposeAsync();
        _stop.Dispose();
    }
}
