using Carapace.Memory.Facts;
using Carapace.Testing.Models;
using static Carapace.Memory.Tests.Facts.FactFixture;

namespace Carapace.Memory.Tests.Facts;

/// <summary>Capture through the fake model over HTTP: extraction, decision against similar facts, and every way the model's answer can be bad.</summary>
public sealed class CaptureEngineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Capture_RelativeDate_StoredWithTheMessageDateNotTheProcessingDate()
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(Extracted("Daughter's piano recital is next Friday at six"), Decided("""[{"id": "0", "text": "Daughter's piano recital is next Friday at six", "event": "ADD"}]"""));
        f.Time.Advance(TimeSpan.FromDays(3)); // processed on Saturday; said on Wednesday

        await f.CaptureAsync(Job(Alice, "my daughter's piano recital is next Friday at six"));

        var fact = Assert.Single(await f.Facts.ListAsync(Alice, None));
        Assert.Equal("Daughter's piano recital is next Friday at six (2026-12-04)", fact.Text);
        Assert.Equal(new DateOnly(2026, 11, 25), f.Facts.DayOf(fact));
        Assert.Equal("session-1", fact.Source.SessionId);
        Assert.Equal([1L, 2L], fact.Source.MessageSeqs);
        Assert.Contains("Wednesday 2026-11-25", f.Model.Requests[0].SystemText, StringComparison.Ordinal);
        Assert.Contains("user: my daughter's piano recital", f.Model.Requests[0].PromptText, StringComparison.Ordinal);
        Assert.Equal(1, (await f.Facts.CaptureCountsAsync(None))["done"]);
    }

    [Fact]
    public async Task Capture_UpdateAndDelete_AppliedTogetherWithHistoryUnderTempIds()
    {
        await using var f = await CreateAsync();
        var tea = await f.Facts.StoreAsync(Alice, "Likes green tea", null, FactSource.None, None);
        var car = await f.Facts.StoreAsync(Alice, "Drives a red car", null, FactSource.None, None);
        f.Model.Enqueue(
            Extracted("Loves green tea in the morning", "Sold the red car"),
            Decided("""[{"id": "0", "text": "Loves green tea in the morning", "event": "UPDATE", "old_memory": "Likes green tea"}, {"id": "1", "event": "DELETE"}, {"id": "2", "text": "Sold the red car", "event": "ADD"}]"""));

        await f.CaptureAsync(Job(Alice, "I love green tea in the morning, and I sold the red car"));

        var decision = f.Model.Requests[1].PromptText;
        Assert.Contains("{\"id\":\"0\",\"text\":\"Likes green tea\"}", decision, StringComparison.Ordinal);
        Assert.DoesNotContain(tea.Id, decision, StringComparison.Ordinal);
        Assert.Equal(["Loves green tea in the morning", "Sold the red car"], (await f.Facts.ListAsync(Alice, None)).Select(x => x.Text).Order());
        Assert.Equal([FactEvent.Add, FactEvent.Update], (await f.Facts.HistoryAsync(Alice, tea.Id, None))!.Select(h => h.Event));
        var deleted = (await f.Facts.HistoryAsync(Alice, car.Id, None))!.Last();
        Assert.Equal((FactEvent.Delete, "Drives a red car", "session-1"), (deleted.Event, deleted.OldText, deleted.Source.SessionId));
    }

    [Fact]
    public async Task Capture_ExtractedCategory_CarriedToTheAddedFact()
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(
            ModelReply.WithText("""{"facts": [{"text": "Allergic to peanuts", "category": "health"}, {"text": "Prefers aisle seats", "category": "preferences"}]}"""),
            Decided("""[{"id": "0", "text": "Allergic to peanuts", "event": "ADD"}, {"id": "1", "text": "Prefers aisle seats", "event": "ADD"}]"""));

        await f.CaptureAsync(Job(Alice, "I'm allergic to peanuts and I like aisle seats"));

        Assert.Equal([("Allergic to peanuts", "health"), ("Prefers aisle seats", "preferences")], (await f.Facts.ListAsync(Alice, None)).Select(x => (x.Text, x.Category)).Order());
    }

    [Fact]
    public async Task Capture_RepeatOfAStoredFact_IsNotStoredTwice()
    {
        await using var f = await CreateAsync();
        await f.Facts.StoreAsync(Alice, "Has a dog named Rex", null, FactSource.None, None);
        f.Model.Enqueue(Extracted("Has a dog named Rex"), Decided("""[{"id": "1", "text": "Has a dog named Rex", "event": "ADD"}]"""));

        await f.CaptureAsync(Job(Alice, "my dog Rex"));

        Assert.Single(await f.Facts.ListAsync(Alice, None));
    }

    [Fact]
    public async Task Capture_NothingWorthKeeping_NoDecisionCallAndJobDone()
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(Extracted());

        await f.CaptureAsync(Job(Alice, "thanks!"));

        Assert.Single(f.Model.Requests);
        Assert.Equal(1, (await f.Facts.CaptureCountsAsync(None))["done"]);
    }

    public static TheoryData<string, string> BadDecisions => new()
    {
        { "Sure, I added it.", "not valid JSON" },
        { """{"memory": [{"id": "0", "text": "Has a cat", "event": "ADD"}, {"id": "5", "text": "x", "event": "UPDATE"}]}""", "unknown memory id '5'" },
        { """{"memory": [{"id": "0", "event": "ADD"}]}""", "has no \"text\"" },
        { """{"facts": ["Has a cat"]}""", "no \"memory\" array" },
    };

    [Theory]
    [MemberData(nameof(BadDecisions))]
    public async Task Capture_BadDecisionTwice_RetriedOnceThenSkippedWithNothingApplied(string answer, string reason)
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(Extracted("Has a cat"), ModelReply.WithText(answer), Extracted("Has a cat"), ModelReply.WithText(answer));

        await f.CaptureAsync(Job(Alice, "I have a cat"));

        Assert.Equal(4, f.Model.Requests.Count);
        Assert.Empty(await f.Facts.ListAsync(Alice, None));
        Assert.Contains(reason, Assert.Single(await f.Facts.CaptureFailuresAsync(None)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_MalformedOnceThenValid_AppliedOnTheRetry()
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(ModelReply.WithText("{\"facts\": [\"Has a cat\""), Extracted("Has a cat"), Decided("""[{"id": "0", "text": "Has a cat", "event": "ADD"}]"""));

        await f.CaptureAsync(Job(Alice, "I have a cat"));

        Assert.Equal("Has a cat", Assert.Single(await f.Facts.ListAsync(Alice, None)).Text);
        Assert.Empty(await f.Facts.CaptureFailuresAsync(None));
    }

    [Fact]
    public async Task Capture_ModelErrorStatus_RetriedThenSkippedAndTheNextJobStillRuns()
    {
        await using var f = await CreateAsync();
        f.Model.Enqueue(ModelReply.ServerError(), ModelReply.ServerError(), Extracted("Has a cat"), Decided("""[{"id": "0", "text": "Has a cat", "event": "ADD"}]"""));
        Assert.True(await f.Facts.EnqueueCaptureAsync(Job(Alice, "first"), None));
        Assert.True(await f.Facts.EnqueueCaptureAsync(Job(Alice, "I have a cat", seq: 3), None));

        await f.Facts.RunPendingCapturesAsync(None);

        Assert.Single(await f.Facts.CaptureFailuresAsync(None));
        Assert.Single(await f.Facts.ListAsync(Alice, None));
    }

    [Fact]
    public async Task Capture_ModelNeverAnswers_TimesOutTwiceOnTheClockThenSkips()
    {
        await using var f = await CreateAsync(new FactMemoryOptions { Capture = new FactCaptureOptions { Timeout = TimeSpan.FromSeconds(30) } });
        var never = new TaskCompletionSource();
        f.Model.Enqueue(new ModelReply { Gate = never.Task, Text = "{}" }, new ModelReply { Gate = never.Task, Text = "{}" });
        Assert.True(await f.Facts.EnqueueCaptureAsync(Job(Alice, "I have a cat"), None));

        var run = f.Facts.RunPendingCapturesAsync(None);
        await f.Model.WaitForRequestsAsync(1, None).WaitAsync(TimeSpan.FromSeconds(10));
        f.Time.Advance(TimeSpan.FromSeconds(31));
        await f.Model.WaitForRequestsAsync(2, None).WaitAsync(TimeSpan.FromSeconds(10));
        f.Time.Advance(TimeSpan.FromSeconds(31));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("did not answer within 30 s", Assert.Single(await f.Facts.CaptureFailuresAsync(None)), StringComparison.Ordinal);
        never.SetResult();
    }

    [Fact]
    public async Task Capture_PendingAtShutdown_ResumedByTheWorkerAfterReopening()
    {
        await using var f = await CreateAsync();
        Assert.True(await f.Facts.EnqueueCaptureAsync(Job(Alice, "I have a cat"), None));
        Assert.True(await f.Facts.EnqueueCaptureAsync(Job(Bob, "I have a dog", seq: 5), None));
        Assert.Equal(2, (await f.Facts.CaptureCountsAsync(None))["pending"]);
        f.Model.Script(r => r.SystemText.Contains("You extract", StringComparison.Ordinal)
            ? Extracted(r.PromptText.Contains("I have a cat", StringComparison.Ordinal) ? "Has a cat" : "Has a dog")
            : Decided(r.PromptText.Contains("Has a cat", StringComparison.Ordinal) ? """[{"id": "0", "text": "Has a cat", "event": "ADD"}]""" : """[{"id": "0", "text": "Has a dog", "event": "ADD"}]"""));

        await f.ReopenAsync();
        f.Facts.StartCapture();
        await f.Facts.WhenCaptureIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Has a cat", Assert.Single(await f.Facts.ListAsync(Alice, None)).Text);
        Assert.Equal("Has a dog", Assert.Single(await f.Facts.ListAsync(Bob, None)).Text);
        Assert.Equal(2, (await f.Facts.CaptureCountsAsync(None))["done"]);
    }

    [Fact]
    public async Task Enqueue_NoModel_CaptureOffAndNothingQueued()
    {
        await using var f = await CreateAsync(withModel: false);

        Assert.False(f.Facts.CanCapture);
        Assert.False(await f.Facts.EnqueueCaptureAsync(Job(Alice, "I have a cat"), None));
        Assert.Empty(await f.Facts.CaptureCountsAsync(None));
    }
}
