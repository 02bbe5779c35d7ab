using Carapace.Channels.CrabCallr.Config;
using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;

namespace Carapace.Channels.CrabCallr.Tests.Protocol;

public sealed class ConnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Auth_RefusedKey_StopsWithoutReconnectingAndReportsWhy()
    {
        await using var bed = await VoiceTestBed.StartAsync(apiKey: "cc_ffffffffffffffffffffffffffffffff");

        await bed.Running.WaitAsync(Patience);

        Assert.False(bed.Adapter.Status.Connected);
        Assert.Contains("authentication failed: Invalid API key", bed.Adapter.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, bed.Adapter.Status.ReconnectAttempts);
        Assert.Equal(1, bed.PluginTap.Connections);
    }

    [Fact]
    public async Task Close4003_WithoutAuthResult_StopsWithoutReconnecting()
    {
        await using var manager = await ScriptedManager.StartAsync();
        var (adapter, time, _) = Create(manager.PluginUri);
        var running = adapter.RunAsync(CancellationToken.None);
        var session = await manager.AcceptAsync();
        await session.ExpectAsync<AuthFrame>();

        await session.CloseAsync(CloseCodes.AuthFailed);

        await running.WaitAsync(Patience);
        Assert.Contains("4003", adapter.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, adapter.Status.ReconnectAttempts);
    }

    [Fact]
    public async Task Heartbeat_NoPongWithinTenSeconds_Closes4000AndReconnectsAfterBackoff()
    {
        await using var manager = await ScriptedManager.StartAsync();
        var (adapter, time, _) = Create(manager.PluginUri);
        using var stop = new CancellationTokenSource();
        var running = adapter.RunAsync(stop.Token);
        var first = await manager.AcceptAsync();
        await first.AcceptAuthAsync();

        await time.AdvanceToTimerAsync(TimeSpan.FromSeconds(30));
        await first.ExpectAsync<PingFrame>();
        await time.AdvanceToTimerAsync(TimeSpan.FromSeconds(10));
        var (_, closeCode) = await first.ReceiveAsync();
        var backoff = await time.WaitForTimerAsync(r => r >= TimeSpan.FromSeconds(1) && r < TimeSpan.FromSeconds(2));

        Assert.Equal(CloseCodes.PingTimeout, closeCode);
        Assert.Equal(1, adapter.Status.ReconnectAttempts);
        Assert.Contains("ping timeout", adapter.Status.LastError, StringComparison.Ordinal);
        time.Advance(backoff);
        var second = await manager.AcceptAsync();
        await second.AcceptAuthAsync();
        await stop.CancelAsync();
        await running.WaitAsync(Patience);
    }

    [Fact]
    public async Task Heartbeat_PongArrives_KeepsTheConnectionAndJsonPingsAreAnswered()
    {
        await using var manager = await ScriptedManager.StartAsync();
        var (adapter, time, _) = Create(manager.PluginUri);
        using var stop = new CancellationTokenSource();
        var running = adapter.RunAsync(stop.Token);
        var session = await manager.AcceptAsync();
        await session.AcceptAuthAsync();

        await time.AdvanceToTimerAsync(TimeSpan.FromSeconds(30));
        await session.ExpectAsync<PingFrame>();
        await session.SendAsync(new PongFrame { Ts = 1 });
        await session.SendAsync(new PingFrame { Ts = 2 });
        await session.ExpectAsync<PongFrame>();
        time.Advance(TimeSpan.FromSeconds(10));
        await session.SendAsync(new PingFrame { Ts = 3 });

        await session.ExpectAsync<PongFrame>();
        Assert.True(adapter.Status.Connected);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);
    }

    [Fact]
    public async Task BadFrames_AreLoggedAndSkipped_WithoutDisconnectingOrTouchingCalls()
    {
        await using var manager = await ScriptedManager.StartAsync();
        var (adapter, _, log) = Create(manager.PluginUri);
        using var stop = new CancellationTokenSource();
        var running = adapter.RunAsync(stop.Token);
        var session = await manager.AcceptAsync();
        await session.AcceptAuthAsync();
        string[] hostile =
        [
            "{not json",
            "{\"type\":\"teleport\",\"ts\":1}",
            "{\"type\":\"user_message\",\"messageId\":7,\"text\":\"hi\",\"callId\":\"c1\",\"ts\":1}",
            "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"ts\":1}",
            $"{{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"{new string('a', 4001)}\",\"callId\":\"c1\",\"ts\":1}}",
            "{\"type\":\"call_start\",\"callId\":\"c2\",\"source\":\"carrier-pigeon\",\"ts\":1}",
            "{\"type\":\"agent_connect\",\"agentSecret\":\"x\",\"agentId\":\"y\",\"ts\":1}",
        ];

        foreach (var json in hostile)
        {
            await session.SendRawAsync(json);
        }

        await session.SendAsync(new UserMessageFrame("usr_002", "valid", "c1") { Ts = 1 });
        var inbound = await adapter.Inbound.ReadAsync().AsTask().WaitAsync(Patience);
        await session.SendAsync(new PingFrame { Ts = 2 });
        await session.ExpectAsync<PongFrame>();

        Assert.Equal(("usr_002", "valid"), (inbound.ChannelMessageId, inbound.Text));
        Assert.False(adapter.Inbound.TryRead(out _));
        Assert.Equal(1, adapter.Status.ActiveConversations);
        Assert.Equal(hostile.Length, log.Lines.Count(l => l.Contains("skipped a frame", StringComparison.Ordinal)));
        await adapter.SendAsync(new DeliveryTarget("crabcallr", "default", inbound.Peer, ReplyToMessageId: "usr_002"), OutboundChunk.Final("Fine."), CancellationToken.None);
        var utterance = await session.ExpectAsync<UtteranceFrame>();
        Assert.Equal(("oc_001_001", "Fine."), (utterance.UtteranceId, utterance.Text));
        await stop.CancelAsync();
        await running.WaitAsync(Patience);
    }

    [Fact]
    public async Task ServiceDrops_MidCall_ReconnectsAndTheCallContinues()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync(o => o with { ReconnectInterval = TimeSpan.FromSeconds(1) });
        await bed.SayAsync("call-r", "usr_001", "before");
        var before = await bed.NextInboundAsync();
        await bed.ReplyAsync(before, OutboundChunk.Final("Heard you."));
        Assert.Equal("Heard you.", (await bed.NextUtteranceAsync()).Text);

        bed.PluginTap.DropAll();
        var backoff = await bed.Time.WaitForTimerAsync(r => r >= TimeSpan.FromSeconds(1) && r < TimeSpan.FromSeconds(2));
        Assert.Equal(0, bed.Adapter.Status.ActiveConversations);
        Assert.Equal(1, bed.Adapter.Status.ReconnectAttempts);
        await bed.ReplyAsync(before, OutboundChunk.Final("Lost in the gap."));
        bed.Time.Advance(backoff);
        await bed.WaitUntilPluginConnectedAsync();
        await bed.SayAsync("call-r", "usr_002", "after");
        var after = await bed.NextInboundAsync();
        await bed.ReplyAsync(after, OutboundChunk.Final("Still here."));

        var utterance = await bed.NextUtteranceAsync();
        Assert.Equal(("call-r", "Still here."), (utterance.CallId, utterance.Text));
        Assert.Equal(2, bed.PluginTap.Connections);
        Assert.Equal(0, bed.Adapter.Status.ReconnectAttempts);
    }

    [Fact]
    public async Task NewerPlugin_ForTheSameUser_ReplacesTheOlderWhichStops()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        var (newer, _, _) = Create(bed.Relay.PluginUri, VoiceTestBed.ApiKey);
        using var stop = new CancellationTokenSource();
        var newerRunning = newer.RunAsync(stop.Token);

        await bed.Running.WaitAsync(Patience);

        Assert.Contains("1000", bed.Adapter.Status.LastError, StringComparison.Ordinal);
        await bed.SayAsync("call-n", "usr_001", "who answers?");
        var inbound = await newer.Inbound.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal("who answers?", inbound.Text);
        await stop.CancelAsync();
        await newerRunning.WaitAsync(Patience);
    }

    [Fact]
    public async Task Reconnect_MaxAttemptsReached_GivesUpAndSaysSo()
    {
        await using var manager = await ScriptedManager.StartAsync();
        var (adapter, time, _) = Create(manager.PluginUri, configure: o => o with { MaxReconnectAttempts = 1, ReconnectInterval = TimeSpan.FromSeconds(1) });
        var running = adapter.RunAsync(CancellationToken.None);
        await (await manager.AcceptAsync()).CloseAsync(1011);
        time.Advance(await time.WaitForTimerAsync(r => r >= TimeSpan.FromSeconds(1) && r < TimeSpan.FromSeconds(2)));
        await (await manager.AcceptAsync()).CloseAsync(1011);

        await running.WaitAsync(Patience);

        Assert.Contains("gave up after 1 reconnect attempts", adapter.Status.LastError, StringComparison.Ordinal);
    }

    private static (CrabCallrAdapter Adapter, ObservedTimeProvider Time, ListLogger<CrabCallrAdapter> Log) Create(
        Uri serviceUrl, string apiKey = VoiceTestBed.ApiKey, Func<CrabCallrOptions, CrabCallrOptions>? configure = null)
    {
        var time = new ObservedTimeProvider();
        var log = new ListLogger<CrabCallrAdapter>();
        var options = new CrabCallrOptions { ApiKey = apiKey, ServiceUrl = serviceUrl, ReconnectInterval = TimeSpan.FromSeconds(1) };
        return (new CrabCallrAdapter(configure?.Invoke(options) ?? options, time, log), time, log);
    }
}
