using Carapace.Agent.Compaction;
using Carapace.Agent.Tests.Turns;
using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;
using Carapace.Testing;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests.Compaction;

/// <summary>Shared pieces of the compaction turn tests: a small window, a scripted model that tells summary requests apart, and transcript helpers.</summary>
internal static class CompactionScript
{
    public const string SummaryText = "SUMMARY: Alice owns a dog called Rex; the trip is on 2026-06-01.";

    /// <summary>A window of 1000 tokens: compaction at 750, keeping about 100 tokens; the early flush <paramref name="soft"/> tokens before.</summary>
    public static TurnServices SmallWindow(TurnServices services, RecordingMemoryFlush flush, int soft = 0)
    {
        flush.Transcripts = services.Transcripts;
        return services with
        {
            Agents = services.Agents with
            {
                ContextTokens = 1_000,
                Compaction = new CompactionOptions { ReserveTokens = 20_000, KeepRecentTokens = 100, MemoryFlush = new MemoryFlushOptions { SoftThresholdTokens = soft } },
            },
            MemoryFlush = flush,
        };
    }

    /// <summary>True for a request that asks for a compaction summary.</summary>
    public static bool IsSummaryRequest(RecordedRequest request) => request.SystemText.StartsWith("You maintain the running summary", StringComparison.Ordinal);

    /// <summary>Answers summary requests with <see cref="SummaryText"/> and turns with "ok".</summary>
    public static ModelReply Answer(RecordedRequest request) => ModelReply.WithText(IsSummaryRequest(request) ? SummaryText : "ok");

    /// <summary>A user message of about 55 estimated tokens, tagged so tests can find it in prompts.</summary>
    public static string Message(int n) => $"fact-{n:00} " + string.Join(' ', Enumerable.Repeat("lorem", 35));

    public static async Task<IReadOnlyList<TranscriptEntry>> TranscriptAsync(TurnFixture f) => await f.TranscriptOfAsync(f.Direct("alice", ""));

    public static async Task<SessionEntry> SessionAsync(TurnFixture f) =>
        (await f.SessionStore.GetAsync(TurnFixture.RouteOf(f.Direct("alice", "")).SessionKey, TestDeadline.Token()))!;

    /// <summary>Sends numbered messages until a compaction line appears (at most <paramref name="max"/>); returns how many were sent.</summary>
    public static async Task<int> TalkUntilCompactedAsync(TurnFixture f, int start, int max)
    {
        for (var n = start; n < start + max; n++)
        {
            await f.TurnAsync(f.Direct("alice", Message(n)));
            if ((await TranscriptAsync(f)).Any(l => l.Kind == TranscriptKind.Compaction))
            {
                return n;
            }
        }

        throw new Xunit.Sdk.XunitException($"no compaction after {max} turns");
    }

    /// <summary>The lines a compaction replaced: those the model saw (messages, tool lines, not synthetic or commands) before its first kept line.</summary>
    public static IReadOnlyList<long> CompactedSeqs(IReadOnlyList<TranscriptEntry> transcript, TranscriptEntry compaction) =>
        CompactionView.Of([.. transcript.Where(l => l.Seq < compaction.Seq)], long.MaxValue).Lines
            .Where(l => l.Seq < CompactionMetadata.FirstKeptSeqOf(compaction)).Select(l => l.Seq).ToList();
}
