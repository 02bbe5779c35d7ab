using System.Diagnostics;
using System.Globalization;
using Carapace.Channels.CrabCallr;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Carapace.Testing.Models;

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

    /// <summary>The scripted model for the gateway rig: the same answer at the same fixed rate.</summary>
    public static ModelReply PacedModel(RecordedRequest request) => new() { Text = Answer, TokensPerSecond = 1 / TokenInterval.TotalSeconds };

    /// <summary>The scripted model with no latency at all.</summary>
    public static ModelReply InstantModel(RecordedRequest request) => ModelReply.WithText("Done.");

    /// <summary>The channel-only stand-in for the pipeline and model: one word every <see cref="TokenInterval"/>, then the final chunk.</summary>
    public static async Task PacedResponderAsync(CrabCallrAdapter adapter, DeliveryTarget target, bool streamed)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Tokens.Length; i++)
        {
            // Scheduled against a fixed start so delays do not drift.
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

    /// <summary>Per-turn milliseconds to the first and last of <paramref name="utterances"/> utterances, on one call.</summary>
    public static async Task<(List<double> First, List<double> Last)> RunAsync(IVoiceRig rig, string callId, int utterances, int turns)
    {
        await using var caller = await rig.CallerAsync("bench-" + callId);
        await caller.StartCallAsync(RelayAccess.UserId, callId, CallSources.Phone, CancellationToken.None);
        var (first, last) = (new List<double>(), new List<double>());
        for (var t = 1; t <= turns; t++)
        {
            var sent = Stopwatch.GetTimestamp();
            await caller.SendUserMessageAsync(RelayAccess.UserId, callId, MessageId(t), "What's on my calendar?", CancellationToken.None);
            for (var u = 1; u <= utterances; u++)
            {
                var received = await NextUtteranceAsync(caller);
                var ms = Stopwatch.GetElapsedTime(sent, received.ReceivedAt).TotalMilliseconds;
                if (u == 1)
                {
                    first.Add(ms);
                }

                if (u == utterances)
                {
                    last.Add(ms);
                }
            }
        }

        return (first, last);
    }

    /// <summary>Round-trip milliseconds per turn with an instant answer, <paramref name="turnsPerCall"/> turns on each of several calls.</summary>
    public static async Task<List<double>> OverheadAsync(IVoiceRig rig, int turns, int turnsPerCall)
    {
        await using var caller = await rig.CallerAsync("bench-overhead");
        var results = new List<double>();
        var callId = "";
        for (var n = 0; n < turns; n++)
        {
            var t = (n % turnsPerCall) + 1;
            if (t == 1)
            {
                callId = string.Create(CultureInfo.InvariantCulture, $"call-overhead-{Guid.NewGuid():N}");
                await caller.StartCallAsync(RelayAccess.UserId, callId, CallSources.Phone, CancellationToken.None);
            }

            var sent = Stopwatch.GetTimestamp();
            await caller.SendUserMessageAsync(RelayAccess.UserId, callId, MessageId(t), "ping", CancellationToken.None);
            var received = await NextUtteranceAsync(caller);
            if (received.Frame is not UtteranceFrame { UtteranceId: var id } || id != string.Create(CultureInfo.InvariantCulture, $"oc_{t:D3}_001"))
            {
                throw new InvalidOperationException($"turn {t} of {callId}: unexpected {received.Frame}");
            }

            results.Add(Stopwatch.GetElapsedTime(sent, received.ReceivedAt).TotalMilliseconds);
        }

        return results;
    }

    private static string MessageId(int turn) => string.Create(CultureInfo.InvariantCulture, $"usr_{turn:D3}");

    private static async Task<Carapace.Voice.Relay.Caller.ReceivedFrame> NextUtteranceAsync(Carapace.Voice.Relay.Caller.VoiceCaller caller)
    {
        while (true)
        {
            var received = await caller.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (received.Frame is not PongFrame)
            {
                return received;
            }
        }
    }
}
