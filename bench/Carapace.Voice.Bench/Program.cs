using System.Globalization;
using Carapace.Voice.Bench;

// A timed harness (not BenchmarkDotNet: these are end-to-end latencies over real sockets and real time).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int Turns = 20;
double P(List<double> v, double p) => Percentiles.Of(v, p);
Console.WriteLine($"CrabCallr phone path, {DateTimeOffset.UtcNow:yyyy-MM-dd}, nproc {Environment.ProcessorCount}, .NET {Environment.Version}");
Console.WriteLine($"Scripted model: {StreamingBench.TokenCount} words in 3 sentences, one word every {StreamingBench.TokenInterval.TotalMilliseconds} ms; {Turns} turns per mode.");

var ok = true;
foreach (var path in new[] { "gateway", "channel" })
{
    var gateway = path == "gateway";
    Console.WriteLine();
    Console.WriteLine(gateway
        ? "## Through the real gateway: relay → adapter → dispatcher → SQLite session → prompt → model (loopback HTTP) → adapter → relay"
        : "## Channel only: relay → adapter → scripted responder (no pipeline, no model client)");

    async Task<IVoiceRig> Paced(bool streamed) => gateway
        ? await GatewayRig.StartAsync(StreamingBench.PacedModel, streamed)
        : await BenchRig.StartAsync((adapter, _, target) => StreamingBench.PacedResponderAsync(adapter, target, streamed));

    await using (var warm = await Paced(streamed: true))
    {
        await StreamingBench.RunAsync(warm, "call-warmup", 3, 3);
    }

    (List<double> First, List<double> Last) streamedRun, wholeRun;
    await using (var rig = await Paced(streamed: true))
    {
        streamedRun = await StreamingBench.RunAsync(rig, "call-streamed", 3, Turns);
    }

    await using (var rig = await Paced(streamed: false))
    {
        wholeRun = await StreamingBench.RunAsync(rig, "call-whole", 1, Turns);
    }

    Console.WriteLine("| mode | first utterance p50 | first p95 | last utterance p50 | last p95 |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine($"| streamed by sentence | {P(streamedRun.First, 50):F0} ms | {P(streamedRun.First, 95):F0} ms | {P(streamedRun.Last, 50):F0} ms | {P(streamedRun.Last, 95):F0} ms |");
    Console.WriteLine($"| wait for whole answer | {P(wholeRun.First, 50):F0} ms | {P(wholeRun.First, 95):F0} ms | {P(wholeRun.Last, 50):F0} ms | {P(wholeRun.Last, 95):F0} ms |");
    Console.WriteLine($"First-utterance ratio (whole / streamed, p50): {P(wholeRun.First, 50) / P(streamedRun.First, 50):F2}x");

    await using (IVoiceRig rig = gateway
        ? await GatewayRig.StartAsync(StreamingBench.InstantModel)
        : await BenchRig.StartAsync((adapter, _, target) => adapter.SendAsync(target, Carapace.Core.Messages.OutboundChunk.Final("Done."), CancellationToken.None).AsTask()))
    {
        await StreamingBench.OverheadAsync(rig, 100, 10);
        var overhead = await StreamingBench.OverheadAsync(rig, 1000, 10);
        Console.WriteLine($"Added latency per turn, zero-latency model, 1000 turns (100 calls × 10 turns), user_message → utterance: p50 {P(overhead, 50):F2} ms, p99 {P(overhead, 99):F2} ms, max {overhead.Max():F2} ms");
    }

    await using (IVoiceRig rig = gateway
        ? await GatewayRig.StartAsync(request => Carapace.Testing.Models.ModelReply.WithText(ConcurrencyBench.AnswerTo(request.Messages[^1].Text)))
        : await BenchRig.StartAsync(ConcurrencyBench.RespondAsync))
    {
        var result = await ConcurrencyBench.RunAsync(rig, calls: 200, agents: 4, turnsPerCall: 3);
        Console.WriteLine($"Concurrency: {result.Calls} calls at once over 4 voice-agent connections, {result.Turns} turns each, 2 utterances per turn: " +
            $"expected {result.Expected}, delivered {result.Delivered}, lost {result.Lost}, misrouted {result.Misrouted}, " +
            $"in {result.Seconds:F2} s; first utterance p50 {P(result.FirstUtteranceMs, 50):F1} ms, p99 {P(result.FirstUtteranceMs, 99):F1} ms");
        ok &= result.Lost == 0 && result.Misrouted == 0;
    }
}

return ok ? 0 : 1;
