using Carapace.Agent.Memory;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 4's scenario over the real CrabCallr relay: a fact said on one call is captured after hang-up and recalled,
/// with its absolute date, into a later call's fresh session, and into no prompt built for a different person.
/// </summary>
public sealed class FactMemoryScenarioTests
{
    // Wednesday: "next Friday" is 2026-12-04.
    private static readonly DateTimeOffset CallDay = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private const string Recital = "my daughter's piano recital is next Friday at six";

    [Fact]
    public async Task RecitalOnCallOne_AskedOnCallTwoAndByAStranger_OnlyCallTwoHearsTheFactWithItsDate()
    {
        var whatsapp = new FakePlatformAdapter("whatsapp");
        await using var voice = await VoiceGateway.StartAsync(
            crabCallr: "identity: 'owner'",
            root: "owners: ['owner'], memory: { search: { provider: 'none' } }",
            memoryCapture: true,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(new ShiftedTimeProvider(CallDay));
                s.AddSingleton<Carapace.Core.Channels.IChannelAdapter>(whatsapp);
            });
        voice.Model.Script(ScriptedModel);

        await voice.StartCallAsync("call-1");
        await voice.SayAsync("call-1", "usr_001", Recital);
        Assert.Equal("Noted.", (await voice.NextUtteranceAsync()).Text);
        await voice.Caller.EndCallAsync(VoiceGateway.UserId, "call-1", CallSources.Phone, DateTimeOffset.UtcNow, CancellationToken.None);
        // Call 1's turn, then the capture worker's extraction and decision; the worker is idle once the decision is applied.
        await voice.Model.WaitForRequestsAsync(3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        var facts = await voice.Host.Services.GetRequiredService<FactMemories>().GetAsync("main");
        await facts.WhenCaptureIdleAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, (await facts.CaptureCountsAsync(CancellationToken.None))["done"]);

        await voice.StartCallAsync("call-2");
        await voice.SayAsync("call-2", "usr_002", "when is the recital?");
        var answer = await voice.NextUtteranceAsync();
        whatsapp.Receive(new InboundMessage
        {
            Channel = "whatsapp", Peer = new Peer(ChatType.Direct, "+15550001111"), SenderId = "+15550001111",
            Text = "when is the recital?", ReceivedAt = CallDay, ChannelMessageId = "wa-1",
        });
        await whatsapp.WaitForFinalsAsync(1);

        var turns = voice.Model.Requests.Where(r => !IsCapture(r)).ToList();
        Assert.Equal(3, turns.Count);
        var callTwo = turns.Single(r => r.Tools.Contains("end_call") && TestGateway.LastUserText(r) == "when is the recital?");
        Assert.Contains("- [2026-11-25] ", callTwo.SystemText, StringComparison.Ordinal);
        Assert.Contains("piano recital", callTwo.SystemText, StringComparison.Ordinal);
        Assert.Contains("(2026-12-04)", callTwo.SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain(Recital, callTwo.PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("Noted.", callTwo.PromptText, StringComparison.Ordinal);
        Assert.Equal("The recital is on Friday, December 4th, at six.", answer.Text);

        var stranger = turns.Single(r => !r.Tools.Contains("end_call"));
        Assert.DoesNotContain("recital is", stranger.PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-04", stranger.PromptText, StringComparison.Ordinal);

        var (_, lines) = await voice.TranscriptAsync("agent:main:crabcallr:direct:call-2");
        Assert.Contains(lines, l => l.Role == "assistant" && l.MetadataJson?.Contains("recalled", StringComparison.Ordinal) == true);
    }

    private static bool IsCapture(RecordedRequest r) =>
        r.SystemText.Contains("You extract durable facts", StringComparison.Ordinal) || r.SystemText.Contains("You manage a memory store", StringComparison.Ordinal);

    private static ModelReply ScriptedModel(RecordedRequest request)
    {
        if (request.SystemText.Contains("You extract durable facts", StringComparison.Ordinal))
        {
            return ModelReply.WithText(request.PromptText.Contains(Recital, StringComparison.Ordinal)
                ? "{\"facts\": [\"Daughter's piano recital is next Friday at six\"]}"
                : "{\"facts\": []}");
        }

        if (request.SystemText.Contains("You manage a memory store", StringComparison.Ordinal))
        {
            return ModelReply.WithText("{\"memory\": [{\"id\": \"new\", \"text\": \"Daughter's piano recital is next Friday at six\", \"event\": \"ADD\"}]}");
        }

        return TestGateway.LastUserText(request) == "when is the recital?" && request.SystemText.Contains("2026-12-04", StringComparison.Ordinal)
            ? ModelReply.WithText("The recital is on Friday, December 4th, at six.")
            : ModelReply.WithText("Noted.");
    }
}
