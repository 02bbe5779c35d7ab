using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Carapace.Voice.Relay.Caller;

namespace Carapace.Voice.Bench;

/// <summary>Many simultaneous calls through one relay and one adapter; every utterance must reach its own call, in order.</summary>
internal static class ConcurrencyBench
{
    public sealed record Result(int Calls, int Turns, int Expected, int Delivered, int Lost, int Misrouted, double Seconds, List<double> FirstUtteranceMs);

    public static async Task<Result> RunAsync(int calls, int agents, int turnsPerCall)
    {
        await using var rig = await BenchRig.StartAsync(async (adapter, message, target) =>
        {
            var turn = message.Text[(message.Text.LastIndexOf(' ') + 1)..];
            await adapter.SendAsync(target, OutboundChunk.Delta($"Call {message.Peer.Id} turn {turn}. "), CancellationToken.None);
            await adapter.SendAsync(target, OutboundChunk.Final($"Call {message.Peer.Id} turn {turn}. Done with {message.Peer.Id}."), CancellationToken.None);
        });
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
            await caller.StartCallAsync(BenchRig.UserId, callId, CallSources.Phone, CancellationToken.None);
            for (var t = 1; t <= turnsPerCall; t++)
            {
                var sent = Stopwatch.GetTimestamp();
                await caller.SendUserMessageAsync(BenchRig.UserId, callId, string.Create(CultureInfo.InvariantCulture, $"usr_{t:D3}"), $"this is turn {t}", CancellationToken.None);
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

            await caller.EndCallAsync(BenchRig.UserId, callId, CallSources.Phone, DateTimeOffset.UtcNow, CancellationToken.None);
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
