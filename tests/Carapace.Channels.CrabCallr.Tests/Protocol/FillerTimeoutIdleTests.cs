using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Core.Messages;

namespace Carapace.Channels.CrabCallr.Tests.Protocol;

public sealed class FillerTimeoutIdleTests
{
    private static readonly TimeSpan Three = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Six = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task SlowAnswer_FillersAfterInitialDelayThenEveryInterval_UntilTheAnswerStarts()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync(o => o with { Idle = o.Idle with { Enabled = false } });
        await bed.SayAsync("call-f", "usr_001", "Look something up.");
        var inbound = await bed.NextInboundAsync();

        await bed.Time.AdvanceToTimerAsync(Three);
        var first = await bed.NextUtteranceAsync();
        await bed.Time.AdvanceToTimerAsync(Six);
        var second = await bed.NextUtteranceAsync();
        await bed.ReplyAsync(inbound, OutboundChunk.Delta("Found it. "));
        var answer = await bed.NextUtteranceAsync();
        bed.Time.Advance(Six);

        Assert.Equal(("oc_001_001", "Working on that..."), (first.UtteranceId, first.Text));
        Assert.Equal(("oc_001_002", "Still thinking..."), (second.UtteranceId, second.Text));
        Assert.Equal(("oc_001_003", "Found it."), (answer.UtteranceId, answer.Text));
        await bed.AssertNothingMoreSpokenAsync("call-f");
        Assert.Equal("Found it.", bed.Adapter.GetSpokenText(VoiceTestBed.TargetOf(inbound)));
    }

    [Fact]
    public async Task Fillers_AtMostMaxPerRequest_AndPhrasesContinueRoundRobinAcrossTurns()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync(o => o with { Fillers = o.Fillers with { MaxPerRequest = 2 } });
        await bed.SayAsync("call-f", "usr_001", "first");
        var first = await bed.NextInboundAsync();
        await bed.Time.AdvanceToTimerAsync(Three);
        await bed.Time.AdvanceToTimerAsync(Six);
        Assert.Equal("Working on that...", (await bed.NextUtteranceAsync()).Text);
        Assert.Equal("Still thinking...", (await bed.NextUtteranceAsync()).Text);
        bed.Time.Advance(Six);
        await bed.AssertNothingMoreSpokenAsync("call-f");
        await bed.ReplyAsync(first, OutboundChunk.Final("Done."));
        Assert.Equal("Done.", (await bed.NextUtteranceAsync()).Text);

        await bed.SayAsync("call-f", "usr_002", "second");
        await bed.NextInboundAsync();
        await bed.Time.AdvanceToTimerAsync(Three);

        var filler = await bed.NextUtteranceAsync();
        Assert.Equal(("oc_002_001", "Bear with me..."), (filler.UtteranceId, filler.Text));
    }

    [Fact]
    public async Task NoAnswerWithinRequestTimeout_SpeaksTimeoutLineAndDropsTheLateAnswer()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync(o => o with { Fillers = o.Fillers with { Enabled = false } });
        await bed.SayAsync("call-t", "usr_001", "Something slow.");
        var inbound = await bed.NextInboundAsync();

        await bed.Time.AdvanceToTimerAsync(TimeSpan.FromSeconds(60));
        var timeout = await bed.NextUtteranceAsync();
        await bed.ReplyAsync(inbound, OutboundChunk.Final("Finally, here it is."));

        Assert.Equal("I'm sorry, that request took too long. Could you try again?", timeout.Text);
        await bed.AssertNothingMoreSpokenAsync("call-t");
    }

    [Fact]
    public async Task SilentCaller_PromptedUpToMaxPromptsThenToldGoodbyeWithEndCall()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync();
        await bed.StartCallAsync("call-i");

        var minute = TimeSpan.FromSeconds(60);
        await bed.Time.AdvanceToTimerAsync(minute);
        var prompt1 = await bed.NextUtteranceAsync();
        await bed.Time.AdvanceToTimerAsync(minute);
        var prompt2 = await bed.NextUtteranceAsync();
        await bed.Time.AdvanceToTimerAsync(minute);
        var goodbye = await bed.NextUtteranceAsync();
        bed.Time.Advance(minute);

        Assert.Equal(("oc_001_001", "Are you still there?", (bool?)null), (prompt1.UtteranceId, prompt1.Text, prompt1.EndCall));
        Assert.Equal(("oc_002_001", "Are you still there?"), (prompt2.UtteranceId, prompt2.Text));
        Assert.Equal(("oc_003_001", "It seems like you've stepped away. Goodbye!", (bool?)true), (goodbye.UtteranceId, goodbye.Text, goodbye.EndCall));
        await bed.AssertNothingMoreSpokenAsync("call-i");
    }

    [Fact]
    public async Task CallerSpeaks_AfterAnIdlePrompt_ResetsThePromptCount()
    {
        await using var bed = await VoiceTestBed.StartConnectedAsync(o => o with { Idle = o.Idle with { MaxPrompts = 1 } });
        await bed.StartCallAsync("call-i");
        await bed.Time.AdvanceToTimerAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("Are you still there?", (await bed.NextUtteranceAsync()).Text);

        await bed.SayAsync("call-i", "usr_001", "Yes, sorry.");
        var inbound = await bed.NextInboundAsync();
        await bed.ReplyAsync(inbound, OutboundChunk.Final("No problem."));
        Assert.Equal("No problem.", (await bed.NextUtteranceAsync()).Text);
        await bed.Time.AdvanceToTimerAsync(TimeSpan.FromSeconds(60));

        var again = await bed.NextUtteranceAsync();
        Assert.Equal(("Are you still there?", (bool?)null), (again.Text, again.EndCall));
    }
}
