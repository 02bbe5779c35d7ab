using System.Diagnostics;
using Carapace.Core.Turns;

namespace Carapace.Benchmarks.Turns;

/// <summary>
/// Gateway overhead per turn, excluding the model: wall time from <c>DispatchAsync</c> until the turn's completion (reply
/// delivered and written) with a zero-latency model, at 1 and at 100 concurrent sessions. Targets: p50 ≤ 1 ms, p99 ≤ 5 ms.
/// 100 sessions run twice: paced (each sends every 200 ms, 500 turns/s offered) and back to back (each sends its next
/// message as soon as the last turn ends), where latency is queueing: concurrency ÷ throughput (Little's law).
/// Run with <c>dotnet run -c Release --project bench/Carapace.Benchmarks -- turns</c>.
/// </summary>
internal static class TurnOverheadHarness
{
    private const int TurnsPerSession = 20;

    public static async Task<int> RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"Turn overhead, zero-latency model, {TurnsPerSession} turns per session, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        await output.WriteLineAsync("| concurrent sessions | load | turns | p50 ms | p99 ms | max ms | turns/s |");
        await output.WriteLineAsync("|---|---|---|---|---|---|---|");
        await MeasureAsync(concurrency: 4, sessionsPerWorker: 5, pace: null, output: null); // warm-up: JIT, pools, SQLite caches
        await MeasureAsync(concurrency: 1, sessionsPerWorker: 150, pace: null, output);
        await MeasureAsync(concurrency: 100, sessionsPerWorker: 2, pace: TimeSpan.FromMilliseconds(200), output);
        await MeasureAsync(concurrency: 100, sessionsPerWorker: 2, pace: null, output);
        return 0;
    }

    private static async Task MeasureAsync(int concurrency, int sessionsPerWorker, TimeSpan? pace, TextWriter? output)
    {
        await using var rig = await TurnRig.StartAsync();
        var latencies = new List<double>[concurrency];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            var next = Stopwatch.GetElapsedTime(started) + (pace ?? TimeSpan.Zero) * w / concurrency; // spread the paced senders
            for (var s = 0; s < sessionsPerWorker; s++)
            {
                var peer = $"w{w}-s{s}";
                for (var t = 0; t < TurnsPerSession; t++)
                {
                    if (pace is { } interval)
                    {
                        var wait = next - Stopwatch.GetElapsedTime(started);
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait);
                        }

                        next += interval;
                    }

                    latencies[w].Add(await TurnAsync(rig, peer, t));
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (output is not null)
        {
            var sorted = latencies.SelectMany(x => x).Order().ToArray();
            var load = pace is { } p ? $"paced, {concurrency / p.TotalSeconds:F0} turns/s offered" : "back to back";
            await output.WriteLineAsync(
                $"| {concurrency} | {load} | {sorted.Length} | {Percentile(sorted, 0.50):F3} | {Percentile(sorted, 0.99):F3} | {sorted[^1]:F1} | {sorted.Length / elapsed.TotalSeconds:F0} |");
        }
    }

    /// <summary>One turn: from dispatch to completion (reply delivered, transcript written); returns milliseconds.</summary>
    private static async Task<double> TurnAsync(TurnRig rig, string peer, int turn)
    {
        var begin = Stopwatch.GetTimestamp();
        var ticket = await rig.Dispatcher.DispatchAsync(TurnRig.Message(peer, turn), CancellationToken.None);
        var outcome = await ticket.Completion;
        var elapsed = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        return outcome.End == TurnEnd.Completed ? elapsed : throw new InvalidOperationException($"turn {turn} of {peer} ended {outcome.End}: {outcome.ReplyText}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
