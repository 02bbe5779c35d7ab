using System.Text.Json.Nodes;
using Carapace.Agent.Abstractions;
using Carapace.Agent.Compaction;
using Carapace.Core.Routing;
using Carapace.Gateway.Tests.Support;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// Compaction through the real gateway (WebSocket client, router, SQLite sessions, lanes, agent, fake model over HTTP):
/// a long conversation is flushed to memory and then summarised, the next prompt carries the summary and the recent
/// turns verbatim, <c>/compact</c> works by hand, and an over-long prompt the provider rejects is recovered.
/// </summary>
public sealed class CompactionTests
{
    private const string Key = "agent:main:tui:direct:alice";
    private const string Summary = "SUMMARY: Alice's sister Mia lands on 2026-12-03 at 14:10.";

    private static string Message(int n) => $"note-{n:00} " + string.Join(' ', Enumerable.Repeat("ipsum", 35));

    private static bool IsSummaryRequest(RecordedRequest request) => request.SystemText.StartsWith("You maintain the running summary", StringComparison.Ordinal);

    private static Task<TestGateway> StartAsync(RecordingFlush flush, int contextTokens = 1_000) => TestGateway.StartAsync(
        // Memory files off: with a 1,000-token window the memory guidance alone would move the thresholds this test pins.
        "session: { dmScope: 'per-channel-peer' }, memory: { search: { enabled: false } }",
        adjust: s => s with
        {
            Agents = s.Agents with
            {
                ContextTokens = contextTokens,
                Compaction = new CompactionOptions { KeepRecentTokens = 100, MemoryFlush = new MemoryFlushOptions { SoftThresholdTokens = 0 } },
            },
        },
        services: s => s.AddSingleton<IMemoryFlush>(sp => flush.Attach(sp.GetRequiredService<ITranscriptStore>())));

    [Fact]
    public async Task LongConversation_ThroughTheGateway_FlushesThenCompactsAndTheNextPromptKeepsRecentTurns()
    {
        var flush = new RecordingFlush();
        await using var gateway = await StartAsync(flush);
        flush.Model = gateway.Model;
        gateway.Model.Script(r => IsSummaryRequest(r) ? ModelReply.WithText(Summary) : TestGateway.Echo(r));
        await using var client = await gateway.ConnectAsync();

        var n = 0;
        while (!(await gateway.TranscriptAsync(Key)).Any(l => l.Kind == TranscriptKind.Compaction))
        {
            Assert.True(++n <= 30, "no compaction after 30 turns");
            await client.SendTextAsync($"m{n}", Message(n));
            Assert.Equal("echo: " + Message(n), (await client.UntilFinalAsync($"m{n}"))[^1].Text);
        }

        var transcript = await gateway.TranscriptAsync(Key);
        var compaction = Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        var call = Assert.Single(flush.Calls);
        Assert.Equal(Key, call.SessionKey);
        Assert.Equal(0, call.CompactionsBefore);
        var summaryAt = gateway.Model.Requests.ToList().FindIndex(IsSummaryRequest);
        Assert.Equal(summaryAt, call.RequestsBefore);
        var firstKept = JsonNode.Parse(compaction.MetadataJson!)!["firstKeptSeq"]!.GetValue<long>();
        Assert.Equal(transcript.Where(l => l.Kind == TranscriptKind.Message && l.Seq < firstKept).Select(l => l.Seq), call.Lines.Select(l => l.Seq));

        var prompt = gateway.Model.Requests[^1];
        Assert.Contains(Summary, prompt.SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain(Message(1), prompt.PromptText, StringComparison.Ordinal);
        Assert.Equal(
            transcript.Where(l => l is { Kind: TranscriptKind.Message, Role: "user" } && l.Seq >= firstKept).Select(l => l.Text),
            prompt.Messages.Where(m => m.Role == "user").Select(m => m.Text));

        // By hand: /compact summarises again (the previous summary folded in) and answers without a model reply.
        for (var extra = n + 1; extra <= n + 3; extra++)
        {
            await client.SendTextAsync($"m{extra}", Message(extra));
            await client.UntilFinalAsync($"m{extra}");
        }

        var requestsBefore = gateway.Model.Requests.Count;
        await client.SendTextAsync("c1", "/compact");
        var reply = (await client.UntilFinalAsync("c1"))[^1].Text;

        Assert.Matches(@"^Conversation compacted: \d+ earlier messages summarised\.$", reply);
        Assert.Equal(requestsBefore + 1, gateway.Model.Requests.Count);
        Assert.Contains("Summary so far:\n" + Summary, gateway.Model.Requests[^1].Messages[1].Text, StringComparison.Ordinal);
        Assert.Equal(2, flush.Calls.Count);
        Assert.Equal(2, (await gateway.Host.Services.GetRequiredService<ISessionStore>().GetAsync(Key, CancellationToken.None))!.CompactionCount);
    }

    [Fact]
    public async Task ProviderRejectsTooLong_ThroughTheGateway_FlushesCompactsAndAnswersOnce()
    {
        var flush = new RecordingFlush();
        await using var gateway = await StartAsync(flush, contextTokens: 200_000);
        flush.Model = gateway.Model;
        var rejected = 0;
        gateway.Model.Script(r =>
            IsSummaryRequest(r) ? ModelReply.WithText(Summary)
            : TestGateway.LastUserText(r) == "when does Mia land?" && Interlocked.Increment(ref rejected) == 1 ? ModelReply.ContextLengthExceeded()
            : TestGateway.Echo(r));
        await using var client = await gateway.ConnectAsync();
        for (var n = 1; n <= 3; n++)
        {
            await client.SendTextAsync($"m{n}", Message(n));
            await client.UntilFinalAsync($"m{n}");
        }

        await client.SendTextAsync("q", "when does Mia land?");
        var frames = await client.UntilFinalAsync("q");

        Assert.Equal("echo: when does Mia land?", frames[^1].Text);
        var call = Assert.Single(flush.Calls);
        Assert.True(IsSummaryRequest(gateway.Model.Requests[call.RequestsBefore]));
        var transcript = await gateway.TranscriptAsync(Key);
        Assert.Single(transcript, l => l.Text == "when does Mia land?");
        Assert.Single(transcript, l => l.Text == "echo: when does Mia land?");
        Assert.Single(transcript, l => l.Kind == TranscriptKind.Compaction);
        Assert.Contains(Summary, gateway.Model.Requests[^1].SystemText, StringComparison.Ordinal);
    }

    /// <summary>The memory project's flush is outside this test's subject: record calls and what had happened before each.</summary>
    private sealed class RecordingFlush : IMemoryFlush
    {
        private readonly List<Call> _calls = [];
        private ITranscriptStore? _transcripts;

        public FakeModelServer? Model { get; set; }

        public IReadOnlyList<Call> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public RecordingFlush Attach(ITranscriptStore transcripts)
        {
            _transcripts = transcripts;
            return this;
        }

        public async ValueTask FlushAsync(Route route, string sessionId, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken)
        {
            var transcript = await _transcripts!.ReadAsync(sessionId, 0, cancellationToken);
            lock (_calls)
            {
                _calls.Add(new Call(route.SessionKey, compacting, Model!.Requests.Count, transcript.Count(l => l.Kind == TranscriptKind.Compaction)));
            }
        }
    }

    private sealed record Call(string SessionKey, IReadOnlyList<TranscriptEntry> Lines, int RequestsBefore, int CompactionsBefore);
}
