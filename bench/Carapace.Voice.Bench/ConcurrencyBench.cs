using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Carapace.Channels.CrabCallr;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Carapace.Voice.Relay.Caller;

namespace Carapace.Voice.Bench;

/// <summary>
/// Many simultaneous calls through one relay and one agent host; every utterance must reach its own call, in order.
/// The caller says "&lt;call id&gt; turn &lt;n&gt;" and the answer names both, so a misrouted utterance is caught.
/// </summary>
internal static class ConcurrencyBench
{
    public sealed record Result(int Calls, int Turns, int Expected, int Delivered, int Lost, int Misrouted, double Seconds, List<double> FirstUtteranceMs);

    /// <summary>The two-sentence answer to "&lt;call id&gt; turn &lt;n&gt;".</summary>
    public static string AnswerTo(string said)
    {
        var callId = said[..said.IndexOf(' ', StringComparison.Ordinal)];
        var turn = said[(said.LastIndexOf(' ') + 1)..];
        return $"Call {callId} turn {turn}. Done with {callId}.";
    }

    /// <summary>The channel-only stand-in: the first sentence as a streamed delta, then the final chunk.</summary>
    public static async Task RespondAsync(CrabCallrAdapter adapter, InboundMessage message, DeliveryTarget target)
    {
        var answer = AnswerTo(message.Text);
        await adapter.SendAsync(target, OutboundChunk.Delta(answer[..(answer.IndexOf('.', StringComparison.Ordinal) + 2)]), CancellationToken.None);
        await adapter.SendAsync(target, OutboundChunk.Final(answer), CancellationToken.None);
    }

    public static async Task<Result> RunAsync(IVoiceRig rig, int calls, int agents, int turnsPerCall)
    {
        var callers = new List<VoiceCaller>();
        var inboxes = new ConcurrentDictionary<string, Channel<ReceivedFrame>>();
        var misrouted = 0;
        var dispatchers = new List<Task>();
        for (var a = 0; a < agents; a++)
        {
            var caller = await rig.CallerAsync(string.Create(CultureInfo.InvariantCulture, $"bench-agent-{a}"));
            callers.Add(caller);
            var owned = Enumerable.Range(0, calls).Where(c => c % agents == a).Select(CallId).ToHashSet();
            foreach (var id in owned)
            {
                inboxes[id] = Channel.CreateUnbounded<ReceivedFrame>();
            }

            dispatchers.Add(Task.Run(async () =>
            {
                await foreach (var received in caller.Received.ReadAllAsync())
                {
                    if (received.Frame is UtteranceFrame u && owned.Contains(u.CallId) && u.Text.Contains(u.CallId, StringComparison.Ordinal))
                    {
                        inboxes[u.CallId].Writer.TryWrite(received);
                    }
                    else if (received.Frame is not PongFrame)
                    {
                        Interlocked.Increment(ref misrouted);
                    }
                }
            }));
        }

        var firstMs = new ConcurrentBag<double>();
        var delivered = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, calls).Select(async c =>
        {
            var caller = callers[c % agents];
            var callId = CallId(c);
            await caller.StartCallAsync(RelayAccess.UserId, callId, CallSources.Phone, CancellationToken.None);
            for (var t = 1; t <= turnsPerCall; t++)
            {
                var sent = Stopwatch.GetTimestamp();
                await caller.SendUserMessageAsync(RelayAccess.UserId, callId, string.Create(CultureInfo.InvariantCulture, $"usr_{t:D3}"), $"{callId} turn {t}", CancellationToken.None);
                string[] expected = [$"Call {callId} turn {t}.", $"Done with {callId}."];
                for (var u = 0; u < expected.Length; u++)
                {
                    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    try
                    {
                        var received = await inboxes[callId].Reader.ReadAsync(limit.Token);
                        var frame = (UtteranceFrame)received.Frame;
                        if (frame.Text != expected[u] || frame.UtteranceId != string.Create(CultureInfo.InvariantCulture, $"oc_{t:D3}_{u + 1:D3}"))
                        {
                            Interlocked.Increment(ref misrouted);
                            continue;
                        }

                        Interlocked.Increment(ref delivered);
                        if (u == 0)
                        {
                            firstMs.Add(Stopwatch.GetElapsedTime(sent, received.ReceivedAt).TotalMilliseconds);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }

            await caller.EndCallAsync(RelayAccess.UserId, callId, CallSources.Phone, DateTimeOffset.UtcNow, CancellationToken.None);
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var caller in callers)
        {
            await caller.DisposeAsync();
        }

        await Task.WhenAll(dispatchers);
        var expectedTotal = calls * turnsPerCall * 2;
        return new Result(calls, turnsPerCall, expectedTotal, delivered, expectedTotal - delivered, misrouted, seconds, [.. firstMs]);
    }

    private static string CallId(int index) => string.Create(CultureInfo.InvariantCulture, $"call-{index:D4}");
}
