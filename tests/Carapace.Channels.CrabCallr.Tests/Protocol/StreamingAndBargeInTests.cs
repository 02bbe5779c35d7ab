using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Core.Messages;

namespace Carapace.Channels.CrabCallr.Tests.Protocol;

public sealed class StreamingAndBargeInTests
{
    [Fact]
    public async Task Deltas_EachCompleteSentence_IsSpokenBeforeTheAnswerEnds()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-s", "usr_001", "How are you?");
        var inbound = await bed.NextInboundAsync();

        await bed.ReplyAsync(inbound, OutboundChunk.Delta("Hello there. How "));
        var first = await bed.NextUtteranceAsync();
        await bed.ReplyAsync(inbound, OutboundChunk.Delta("are you? I'm"));
        var second = await bed.NextUtteranceAsync();
        await bed.ReplyAsync(inbound, OutboundChunk.Final("Hello there. How are you? I'm fine, thanks."));
        var third = await bed.NextUtteranceAsync();

        Assert.Equal(("oc_001_001", "Hello there."), (first.UtteranceId, first.Text));
        Assert.Equal(("oc_001_002", "How are you?"), (second.UtteranceId, second.Text));
        Assert.Equal(("oc_001_003", "I'm fine, thanks."), (third.UtteranceId, third.Text));
        Assert.Equal("Hello there. How are you? I'm fine, thanks.", bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(inbound)));
        await bed.AssertNothingMoreSpokenAsync("call-s");
    }

    [Fact]
    public async Task FinalChunk_AfterEverythingWasStreamed_SendsNothingTwice()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-s", "usr_001", "Count.");
        var inbound = await bed.NextInboundAsync();

        await bed.ReplyAsync(inbound, OutboundChunk.Delta("One. Two.\n"));
        await bed.ReplyAsync(inbound, OutboundChunk.Final("One. Two.\n"));

        Assert.Equal("One.", (await bed.NextUtteranceAsync()).Text);
        Assert.Equal("Two.", (await bed.NextUtteranceAsync()).Text);
        await bed.AssertNothingMoreSpokenAsync("call-s");
    }

    [Fact]
    public async Task NewUserMessage_WhileAnswering_DropsTheRestOfTheOldAnswerAndKeepsWhatWasHeard()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.SayAsync("call-b", "usr_001", "Tell me a long story.");
        var old = await bed.NextInboundAsync();
        await bed.ReplyAsync(old, OutboundChunk.Delta("Once upon a time. There was "));
        Assert.Equal("Once upon a time.", (await bed.NextUtteranceAsync()).Text);

        await bed.SayAsync("call-b", "usr_002", "Stop, what time is it?");
        var interrupting = await bed.NextInboundAsync();
        await bed.ReplyAsync(old, OutboundChunk.Delta("a dragon. It was big. "));
        await bed.ReplyAsync(old, OutboundChunk.Final("Once upon a time. There was a dragon. It was big. The end."));
        await bed.ReplyAsync(interrupting, OutboundChunk.Final("It's half past two."));

        var answer = await bed.NextUtteranceAsync();
        Assert.Equal(("oc_002_001", "It's half past two."), (answer.UtteranceId, answer.Text));
        Assert.Equal("Once upon a time.", bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(old)));
        Assert.Equal("It's half past two.", bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(interrupting)));
        Assert.Equal("Once upon a time.", bed.Adapter.GetDeliveredText(VoiceTestBed.TargetOf(old)));
        Assert.Equal("", bed.Adapter.GetDeliveredText(VoiceTestBed.TargetOf(old) with { ReplyToMessageId = "usr_999" }));
        await bed.AssertNothingMoreSpokenAsync("call-b");
    }
}
