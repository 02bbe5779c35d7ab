using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Channels.CrabCallr.Tests.Protocol;

public sealed class CallLifecycleTests
{
    [Fact]
    public async Task Connect_ValidKey_AuthenticatesAndReportsConnected()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();

        var status = bed.Adapter.Status;
        Assert.Equal(new ChannelStatus("crabcallr", "default", Connected: true, ReconnectAttempts: 0, ActiveConversations: 0, LastError: null), status);
        Assert.Equal(1, bed.Relay.Relay.PluginCount);
        Assert.Equal(new ChannelCapabilities { Streaming = true, BargeIn = true, EndConversation = true }, bed.Adapter.GetService(typeof(ChannelCapabilities)));
        Assert.Equal(new ChannelPromptHint(VoicePrompt.Text), bed.Adapter.GetService(typeof(ChannelPromptHint)));
        Assert.Same(bed.Adapter, bed.Adapter.GetService(typeof(IDeliveredText)));
        Assert.StartsWith("{\"type\":\"auth\",\"apiKey\":\"cc_", bed.PluginTap.Frames.First(f => f.FromClient).Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserMessage_InCall_BecomesRawInboundAndIsAnsweredAsOneUtterance()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.StartCallAsync("call-123");
        await bed.SayAsync("call-123", "usr_001", "Say hello");

        var inbound = await bed.NextInboundAsync();
        Assert.Equal("crabcallr", inbound.Channel);
        Assert.Equal("default", inbound.AccountId);
        Assert.Equal(new Peer(ChatType.Direct, "call-123"), inbound.Peer);
        Assert.Equal("call-123", inbound.SenderId);
        Assert.Equal("usr_001", inbound.ChannelMessageId);
        Assert.Equal("Say hello", inbound.Text);
        Assert.Equal(bed.Time.GetUtcNow(), inbound.ReceivedAt);
        Assert.Equal(1, bed.Adapter.Status.ActiveConversations);

        await bed.ReplyAsync(inbound, OutboundChunk.Final("Hello there."));
        var utterance = await bed.NextUtteranceAsync();
        Assert.Equal(new UtteranceFrame("oc_001_001", "call-123", "Hello there.") { Ts = bed.Time.GetUtcNow().ToUnixTimeMilliseconds() }, utterance);
        Assert.Equal("Hello there.", bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(inbound)));

        await bed.Caller.EndCallAsync(VoiceTestBed.UserId, "call-123", CallSources.Phone, DateTimeOffset.UtcNow, CancellationToken.None);
        await bed.SayAsync("call-next", "usr_001", "frames stay in order, so call-123 has ended by now");
        await bed.NextInboundAsync();
        Assert.Equal(1, bed.Adapter.Status.ActiveConversations);
        await bed.ReplyAsync(inbound, OutboundChunk.Final("Too late."));
        Assert.Contains(bed.Log.Lines, l => l.Contains("not active", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserMessages_InSequence_NumberTurnsAndKeepCallsApart()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-a", "usr_001", "first");
        var first = await bed.NextInboundAsync();
        await bed.ReplyAsync(first, OutboundChunk.Final("One."));
        Assert.Equal("oc_001_001", (await bed.NextUtteranceAsync()).UtteranceId);

        await bed.SayAsync("call-a", "usr_002", "second");
        await bed.SayAsync("call-b", "usr_001", "other call");
        var second = await bed.NextInboundAsync();
        var other = await bed.NextInboundAsync();
        await bed.ReplyAsync(other, OutboundChunk.Final("For B."));
        await bed.ReplyAsync(second, OutboundChunk.Final("Two."));

        var b = await bed.NextUtteranceAsync();
        var a = await bed.NextUtteranceAsync();
        Assert.Equal(("call-b", "oc_001_001", "For B."), (b.CallId, b.UtteranceId, b.Text));
        Assert.Equal(("call-a", "oc_002_001", "Two."), (a.CallId, a.UtteranceId, a.Text));
        Assert.Equal(2, bed.Adapter.Status.ActiveConversations);
    }

    [Fact]
    public async Task UserMessage_Oversized_IsSkippedAndTheCallGoesOn()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.StartCallAsync("call-big");
        await bed.SayAsync("call-big", "usr_001", new string('x', 4500));
        await bed.SayAsync("call-big", "usr_002", "short one");

        var inbound = await bed.NextInboundAsync();
        Assert.Equal("usr_002", inbound.ChannelMessageId);
        await bed.ReplyAsync(inbound, OutboundChunk.Final("Got it."));
        Assert.Equal("oc_001_001", (await bed.NextUtteranceAsync()).UtteranceId);
        Assert.True(bed.Adapter.Status.Connected);
        Assert.Contains(bed.Log.Lines, l => l.Contains("4500 characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FinalChunk_EndConversationWithText_SpeaksItWithEndCall()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-bye", "usr_001", "bye now");
        var inbound = await bed.NextInboundAsync();

        await bed.ReplyAsync(inbound, OutboundChunk.Final("Goodbye!") with { EndConversation = true });

        var last = await bed.NextUtteranceAsync();
        Assert.Equal(("Goodbye!", (bool?)true), (last.Text, last.EndCall));
    }

    [Fact]
    public async Task FinalChunk_EndConversationWithNothingLeft_SendsCallEndRequest()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-end", "usr_001", "hang up");
        var inbound = await bed.NextInboundAsync();

        await bed.ReplyAsync(inbound, OutboundChunk.Delta("Okay, bye. "));
        await bed.ReplyAsync(inbound, OutboundChunk.Final("Okay, bye. ") with { EndConversation = true });

        Assert.Equal("Okay, bye.", (await bed.NextUtteranceAsync()).Text);
        var request = Assert.IsType<CallEndRequestFrame>(await bed.NextFrameAsync());
        Assert.Equal((VoiceTestBed.UserId, "call-end"), (request.UserId, request.CallId));
    }

    [Fact]
    public async Task FinalChunk_Empty_SpeaksTheFallbackLine()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-empty", "usr_001", "mumble");
        var inbound = await bed.NextInboundAsync();

        await bed.ReplyAsync(inbound, OutboundChunk.Final("   "));

        Assert.Equal("I didn't get a response. Could you say that again?", (await bed.NextUtteranceAsync()).Text);
        Assert.Null(bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(inbound)));
    }

    [Fact]
    public async Task UserMessage_NoPluginConnected_RelaySpeaksSysError()
    {
        await using var bed = await VoiceTestBed.StartAsync(apiKey: "cc_ffffffffffffffffffffffffffffffff");
        await bed.Running.WaitAsync(TimeSpan.FromSeconds(10));

        await bed.SayAsync("call-x", "usr_001", "hello?");

        var error = await bed.NextUtteranceAsync();
        Assert.Equal(("sys_error", "I can't reach your assistant right now. Please try again later."), (error.UtteranceId, error.Text));
    }
}
