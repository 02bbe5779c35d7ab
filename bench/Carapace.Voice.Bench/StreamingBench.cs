using System.Diagnostics;
using System.Globalization;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;

namespace Carapace.Voice.Bench;

/// <summary>
/// Time from the caller's user_message to the first and the last utterance for a three-sentence answer from a model
/// that streams one word every <see cref="TokenInterval"/>: streamed sentence by sentence versus the original plugin's
/// wait-for-the-whole-answer. Also the path's own cost per turn with an instant answer.
/// </summary>
internal static class StreamingBench
{
    public const string Answer = "Sure, I can help with that today. The meeting with Dana moved to half past three this afternoon. I've updated your calendar and sent her a note.";
    public static readonly TimeSpan TokenInterval = TimeSpan.FromMilliseconds(25);

    private static readonly string[] Tokens = Answer.Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToArray();

    public static int TokenCount => Tokens.Length;

    /// <summary>Per-turn milliseconds to the first and last utterance.</summary>
    public static async Task<(List<double> First, List<double> Last)> RunAsync(bool streamed, int turns)
    {
        await using var rig = await BenchRig.StartAsync((adapter, message, target) => AnswerAsync(adapter, target, streamed));
        await using var caller = await rig.CallerAsync(streamed ? "bench-streamed" : "bench-whole");
        var callId = streamed ? "call-streamed" : "call-whole";
        await caller.StartCallAsync(BenchRig.UserId, callId, CallSources.Phone, CancellationToken.None);
        var expected = streamed ? 3 : 1;
        var (first, last) = (new List<double>(), new List<double>());
        for (var t = 1; t <= turns; t++)
        {
            var sent = Stopwatch.GetTimestamp();
            await caller.SendUserMessageAsync(BenchRig.UserId, callId, string.Create(CultureInfo.InvariantCulture, $"usr_{t:D3}"), "What's on my calendar?", CancellationToken.None);
            for (var u = 1; u <= expected; u++)
            {
                var received = await caller.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                var ms = Stopwatch.GetElapsedTime(sent, received.ReceivedAt).TotalMilliseconds;
                if (u == 1)
                {
                    first.Add(ms);
                }

                if (u == expected)
                {
                    last.Add(ms);
                }
            }
        }

        return (first, last);
    }

    /// <summary>Round-trip milliseconds per turn (relay → adapter → responder → adapter → relay) with an instant answer.</summary>
    public static async Task<List<double>> OverheadAsync(int turns)
    {
        await using var rig = await BenchRig.StartAsync((adapter, _, target) => adapter.SendAsync(target, OutboundChunk.Final("Done."), CancellationToken.None).AsTask());
        await using var caller = await rig.CallerAsync("bench-overhead");
        await caller.StartCallAsync(BenchRig.UserId, "call-overhead", CallSources.Phone, CancellationToken.None);
        var results = new List<double>();
        for (var t = 1; t <= turns; t++)
        {
            var sent = Stopwatch.GetTimestamp();
            await caller.SendUserMessageAsync(BenchRig.UserId, "call-overhead", string.Create(CultureInfo.InvariantCulture, $"usr_{t:D3}"), "ping", CancellationToken.None);
            var received = await caller.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (received.Frame is not UtteranceFrame { UtteranceId: var id } || id != string.Create(CultureInfo.InvariantCulture, $"oc_{t:D3}_001"))
            {
                throw new InvalidOperationException($"turn {t}: unexpected {received.Frame}");
            }

            results.Add(Stopwatch.GetElapsedTime(sent, received.ReceivedAt).TotalMilliseconds);
        }

        return results;
    }

    // The scripted model: one word every TokenInterval, scheduled against a fixed start so delays do not drift.
    private static async Task AnswerAsync(Carapace.Channels.CrabCallr.CrabCallrAdapter adapter, DeliveryTarget target, bool streamed)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Tokens.Length; i++)
        {
            var wait = (TokenInterval * (i + 1)) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (streamed)
            {
                await adapter.SendAsync(target, OutboundChunk.Delta(Tokens[i]), CancellationToken.None);
            }
        }

        await adapter.SendAsync(target, OutboundChunk.Final(Answer), CancellationToken.None);
    }
}
