using System.Globalization;
using Carapace.Voice.Bench;

// A timed harness (not BenchmarkDotNet: these are end-to-end latencies over real sockets and real time).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int Turns = 20;
Console.WriteLine($"CrabCallr phone path, {DateTimeOffset.UtcNow:yyyy-MM-dd}, nproc {Environment.ProcessorCount}, .NET {Environment.Version}");
Console.WriteLine($"Scripted model: {StreamingBench.TokenCount} words in 3 sentences, one word every {StreamingBench.TokenInterval.TotalMilliseconds} ms; {Turns} turns per mode.");

await StreamingBench.RunAsync(streamed: true, turns: 3);
var streamed = await StreamingBench.RunAsync(streamed: true, Turns);
var whole = await StreamingBench.RunAsync(streamed: false, Turns);
double P(List<double> v, double p) => Percentiles.Of(v, p);
Console.WriteLine();
Console.WriteLine("| mode | first utterance p50 | first p95 | last utterance p50 | last p95 |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine($"| streamed by sentence | {P(streamed.First, 50):F0} ms | {P(streamed.First, 95):F0} ms | {P(streamed.Last, 50):F0} ms | {P(streamed.Last, 95):F0} ms |");
Console.WriteLine($"| wait for whole answer | {P(whole.First, 50):F0} ms | {P(whole.First, 95):F0} ms | {P(whole.Last, 50):F0} ms | {P(whole.Last, 95):F0} ms |");
Console.WriteLine($"First-utterance ratio (whole / streamed, p50): {P(whole.First, 50) / P(streamed.First, 50):F2}x");

await StreamingBench.OverheadAsync(100);
var overhead = await StreamingBench.OverheadAsync(1000);
Console.WriteLine();
Console.WriteLine($"Path overhead per turn, instant answer, 1000 turns (user_message → relay → adapter → responder → adapter → relay → utterance): p50 {P(overhead, 50):F2} ms, p99 {P(overhead, 99):F2} ms, max {overhead.Max():F2} ms");

var result = await ConcurrencyBench.RunAsync(calls: 200, agents: 4, turnsPerCall: 3);
Console.WriteLine();
Console.WriteLine($"Concurrency: {result.Calls} calls at once over 4 voice-agent connections, {result.Turns} turns each, 2 utterances per turn: " +
    $"expected {result.Expected}, delivered {result.Delivered}, lost {result.Lost}, misrouted {result.Misrouted}, " +
    $"in {result.Seconds:F2} s; first utterance p50 {P(result.FirstUtteranceMs, 50):F1} ms, p99 {P(result.FirstUtteranceMs, 99):F1} ms");
return result.Lost == 0 && result.Misrouted == 0 ? 0 : 1;
