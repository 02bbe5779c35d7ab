using Carapace.Channels.CrabCallr;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Gateway.Tests.Voice;

/// <summary>Phone calls through the real gateway pipeline: relay → adapter → dispatcher → model → adapter → relay.</summary>
public sealed class VoiceCallTests
{
    private const string ThreeSentences = "Sure, I can help. The meeting moved to three this afternoon. I sent Dana a note about it.";

    [Fact]
    public async Task Call_ThreeSentenceAnswer_IsSpokenAsSeveralUtterancesTheFirstBeforeTheModelFinished()
    {
        await using var voice = await VoiceGateway.StartAsync();
        // 16 words at 10 per second: the first sentence is complete after 4 words, the answer after 1.6 s.
        voice.Model.Enqueue(new ModelReply { Text = ThreeSentences, TokensPerSecond = 10 });
        await voice.StartCallAsync("call-a");

        await voice.SayAsync("call-a", "usr_001", "What's new with my meeting?");
        var first = await voice.NextAsync();
        var second = await voice.NextAsync();
        var third = await voice.NextAsync();

        string[] spoken = [.. new[] { first, second, third }.Select(f => ((UtteranceFrame)f.Frame).Text)];
        Assert.Equal(["Sure, I can help.", "The meeting moved to three this afternoon.", "I sent Dana a note about it."], spoken);
        Assert.Equal(["oc_001_001", "oc_001_002", "oc_001_003"], new[] { first, second, third }.Select(f => ((UtteranceFrame)f.Frame).UtteranceId));
        // The first sentence was heard while 11 more words were still being generated (1.1 s at this rate).
        Assert.True(TimeProvider.System.GetElapsedTime(first.ReceivedAt, third.ReceivedAt) > TimeSpan.FromMilliseconds(500));
        var (session, lines) = await voice.TranscriptAsync("agent:main:crabcallr:direct:call-a");
        Assert.Equal("crabcallr", session.Channel);
        Assert.Equal(["user: What's new with my meeting?", $"assistant: {ThreeSentences}"], lines.Select(l => $"{l.Role}: {l.Text}"));
    }

    [Fact]
    public async Task Calls_PerChannelPeerScope_EachCallGetsAFreshSession()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.WithText("First call answer."), ModelReply.WithText("Second call answer."));

        await voice.StartCallAsync("call-1");
        await voice.SayAsync("call-1", "usr_001", "Remember the blue door.");
        Assert.Equal("First call answer.", (await voice.NextUtteranceAsync()).Text);
        await voice.StartCallAsync("call-2");
        await voice.SayAsync("call-2", "usr_001", "What did I say?");
        var answer = await voice.NextUtteranceAsync();

        Assert.Equal(("call-2", "Second call answer."), (answer.CallId, answer.Text));
        var (one, _) = await voice.TranscriptAsync("agent:main:crabcallr:direct:call-1");
        var (two, lines) = await voice.TranscriptAsync("agent:main:crabcallr:direct:call-2");
        Assert.NotEqual(one.SessionId, two.SessionId);
        Assert.Equal(["user: What did I say?", "assistant: Second call answer."], lines.Select(l => $"{l.Role}: {l.Text}"));
        Assert.DoesNotContain("blue door", voice.Model.Requests[1].PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_OnACall_HasTheVoicePromptAndEndCallButAClientChatHasNeither()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.WithText("On the phone."), ModelReply.WithText("In the terminal."));
        await voice.StartCallAsync("call-p");
        await voice.SayAsync("call-p", "usr_001", "hello");
        Assert.Equal("On the phone.", (await voice.NextUtteranceAsync()).Text);

        await using var client = await GatewayClient.ConnectAsync(voice.Host.WebSocketUrl, voice.Host.Token, CancellationToken.None);
        await client.SendTextAsync("m1", "hello");
        Assert.Equal("In the terminal.", (await client.UntilFinalAsync("m1"))[^1].Text);

        var (call, chat) = (voice.Model.Requests[0], voice.Model.Requests[1]);
        Assert.Contains(VoicePrompt.Text, call.SystemText, StringComparison.Ordinal);
        Assert.Contains("end_call", call.Tools);
        Assert.DoesNotContain(VoicePrompt.Text, chat.SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain("end_call", chat.Tools);
    }

    [Fact]
    public async Task BargeIn_MidAnswer_StopsTheOldTurnAndTheTranscriptHoldsOnlyWhatWasSpoken()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(
            new ModelReply { Text = "The first part is heard. The second part never is. Nor is the third part of it.", TokensPerSecond = 10 },
            ModelReply.WithText("Okay, stopping."));
        await voice.StartCallAsync("call-b");
        await voice.SayAsync("call-b", "usr_001", "Tell me everything.");
        var heard = await voice.NextUtteranceAsync();
        Assert.Equal(("oc_001_001", "The first part is heard."), (heard.UtteranceId, heard.Text));

        await voice.SayAsync("call-b", "usr_002", "Stop, that's enough.");
        var next = await voice.NextUtteranceAsync();

        // Nothing more of the first answer was spoken: the very next utterance answers the second message.
        Assert.Equal(("oc_002_001", "Okay, stopping."), (next.UtteranceId, next.Text));
        // The second message is durable on arrival, so it may be stored before the cut-short answer; the prompt orders them.
        var (_, lines) = await voice.TranscriptAsync("agent:main:crabcallr:direct:call-b");
        Assert.Equal(
            ["assistant: Okay, stopping.", "assistant: The first part is heard.", "user: Stop, that's enough.", "user: Tell me everything."],
            lines.Select(l => $"{l.Role}: {l.Text}").Order(StringComparer.Ordinal));
        Assert.Equal("Okay, stopping.", lines[^1].Text);
        Assert.Contains("\"interrupted\":true", lines.Single(l => l.Text == "The first part is heard.").MetadataJson, StringComparison.Ordinal);
        var secondPrompt = voice.Model.Requests[1];
        Assert.Equal(
            ["user: Tell me everything.", "assistant: The first part is heard.", "user: Stop, that's enough."],
            secondPrompt.Messages.Where(m => m.Role != "system").Select(m => $"{m.Role}: {m.Text}"));
        Assert.DoesNotContain("second part", secondPrompt.PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndCall_AgentCallsTheToolThenSaysGoodbye_LastUtteranceEndsTheCall()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.CallingTools(new ScriptedToolCall("tc_1", "end_call", "{}")), ModelReply.WithText("Goodbye, talk soon."));
        await voice.StartCallAsync("call-e");

        await voice.SayAsync("call-e", "usr_001", "That's all, bye.");
        var last = await voice.NextUtteranceAsync();

        Assert.Equal(("Goodbye, talk soon.", true), (last.Text, last.EndCall));
        Assert.Equal(2, voice.Model.Requests.Count);
        Assert.Contains(voice.Model.Requests[1].Messages, m => m.Role == "tool" && m.ToolCallId == "tc_1");
    }

    [Fact]
    public async Task EndCall_NothingLeftToSay_SendsCallEndRequest()
    {
        await using var voice = await VoiceGateway.StartAsync();
        voice.Model.Enqueue(ModelReply.CallingTools(new ScriptedToolCall("tc_1", "end_call", "{}")), ModelReply.WithText(""));
        await voice.StartCallAsync("call-q");

        await voice.SayAsync("call-q", "usr_001", "Hang up.");
        var frame = (await voice.NextAsync()).Frame;

        var request = Assert.IsType<CallEndRequestFrame>(frame);
        Assert.Equal(("call-q", VoiceGateway.UserId), (request.CallId, request.UserId));
    }

    [Theory]
    [InlineData("error", "", "the model provider had an error")]
    [InlineData("timeout", "timeoutSeconds: 1,", "the model took too long to answer")]
    public async Task ModelFailure_OnACall_TheCallerHearsTheFallbackLine(string failure, string provider, string reason)
    {
        await using var voice = await VoiceGateway.StartAsync(provider: provider);
        voice.Model.Enqueue(failure == "error" ? ModelReply.ServerError() : new ModelReply { Text = "Too late.", Delay = TimeSpan.FromSeconds(10) });
        await voice.StartCallAsync("call-f");

        await voice.SayAsync("call-f", "usr_001", "Are you there?");
        var line = await voice.NextUtteranceAsync();

        Assert.Equal("oc_001_001", line.UtteranceId);
        Assert.StartsWith("Sorry, I couldn't answer that", line.Text, StringComparison.Ordinal);
        Assert.Contains(reason, line.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("identity: 'owner',", true)]
    [InlineData("", false)]
    public async Task Identity_ChannelIdentityOwner_CallsAreTheOwnersDirectChat(string identity, bool ownerFilesInPrompt)
    {
        await using var voice = await VoiceGateway.StartAsync(crabCallr: identity, root: "owners: ['owner'],", prepare: dir =>
        {
            Directory.CreateDirectory(dir.File("workspace"));
            File.WriteAllText(Path.Combine(dir.File("workspace"), "MEMORY.md"), "Canary: the owner's locker code is 4711.");
        });
        voice.Model.Enqueue(ModelReply.WithText("Noted."));
        await voice.StartCallAsync("call-i");

        await voice.SayAsync("call-i", "usr_001", "What do you know about me?");
        Assert.Equal("Noted.", (await voice.NextUtteranceAsync()).Text);

        Assert.Equal(ownerFilesInPrompt, voice.Model.Requests[0].SystemText.Contains("locker code is 4711", StringComparison.Ordinal));
    }
}
