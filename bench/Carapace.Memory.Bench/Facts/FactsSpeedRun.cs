using System.Diagnostics;
using System.Globalization;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Facts;

namespace Carapace.Memory.Bench.Facts;

/// <summary>
/// Automatic-memory speed: recall latency per turn at growing pool sizes (query embedded by the local model), capture
/// throughput excluding the model (with local embeddings of each new fact), and the fact file's size per 10k facts.
/// </summary>
internal static class FactsSpeedRun
{
    private static readonly MemoryScope Person = MemoryScope.For("main", "owner", isOwner: true, ChatType.Direct, "agent:main:bench", null);
    private static readonly string[] Subjects = ["daughter", "dentist", "piano", "flight", "garden", "passport", "brother", "yoga", "car", "boss", "landlord", "doctor", "recital", "budget", "holiday"];
    private static readonly string[] Verbs = ["is booked for", "moved to", "prefers", "was cancelled on", "costs", "starts on", "needs", "likes", "ends on", "was renewed on"];

    public static async Task<int> RunAsync(int[] sizes, TextWriter output, CancellationToken cancellationToken)
    {
        using var local = new LocalEmbeddingGenerator(EmbeddingGenerators.DefaultLocalModel);
        await local.GenerateAsync(["warm up"], LocalEmbeddingGenerator.QueryOptions, cancellationToken);
        output.WriteLine("| facts per identity | recall p50 | recall p95 | file size | built in |\n|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var dir = Directory.CreateTempSubdirectory("carapace-facts-bench-");
            try
            {
                var path = Path.Combine(dir.FullName, "main.facts.sqlite");
                var clock = Stopwatch.StartNew();
                var facts = await OpenAsync(path, new QueryOnlyLocalEmbeddings(local), null, cancellationToken);
                var latencies = new List<double>();
                double built;
                try
                {
                    for (var start = 0; start < size; start += 5_000)
                    {
                        await facts.ImportAsync(Person, [.. Enumerable.Range(start, Math.Min(5_000, size - start)).Select(i => FactChange.Add(Text(i)))], cancellationToken);
                    }

                    built = clock.Elapsed.TotalSeconds;
                    await facts.SearchAsync(Person, "warm up the pool", 5, 0.3, cancellationToken);
                    for (var q = 0; q < 200; q++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await facts.SearchAsync(Person, $"when is the {Subjects[q % Subjects.Length]} appointment {q}?", 5, 0.3, cancellationToken);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                finally
                {
                    await facts.DisposeAsync();
                }

                latencies.Sort();
                var mb = new FileInfo(path).Length / 1048576.0;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {latencies[latencies.Count / 2]:0.0} ms | {latencies[(int)(latencies.Count * 0.95)]:0.0} ms | {mb:0.0} MB ({mb * 10_000 / size:0.0} MB per 10k) | {built:0.0} s |"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }

        await CaptureThroughputAsync(local, 500, output, cancellationToken);
        return 0;
    }

    private static async Task CaptureThroughputAsync(LocalEmbeddingGenerator local, int jobs, TextWriter output, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("carapace-facts-bench-");
        try
        {
            await using var facts = await OpenAsync(Path.Combine(dir.FullName, "main.facts.sqlite"), local, new InstantCaptureModel(), cancellationToken);
            for (var i = 0; i < jobs; i++)
            {
                await facts.EnqueueCaptureAsync(new CaptureJob
                {
                    Scope = Person, SessionId = "bench", MessageSeqs = [i * 2L, i * 2L + 1],
                    Messages = [new CaptureMessage("user", Text(i)), new CaptureMessage("assistant", "Noted.")],
                    SaidAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
                }, cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            await facts.RunPendingCapturesAsync(cancellationToken);
            var applied = (await facts.ListAsync(Person, cancellationToken)).Count;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\ncapture excluding the model: {jobs} jobs, {applied} facts applied in {clock.Elapsed.TotalSeconds:0.0} s = {applied / clock.Elapsed.TotalSeconds:0} facts/s (local embeddings, similar-fact search, one transaction per job)"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Task<FactMemory> OpenAsync(string path, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> generator, Microsoft.Extensions.AI.IChatClient? chat, CancellationToken cancellationToken) =>
        FactMemory.OpenAsync(path, new FactMemoryOptions(), (generator, "local:bench"), chat, TimeProvider.System, TimeZoneInfo.Utc, null, cancellationToken);

    private static string Text(int i) =>
        $"The {Subjects[i % Subjects.Length]} {Verbs[i / Subjects.Length % Verbs.Length]} {(i % 28) + 1} {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(i % 12 + 1)} (note {i})";
}
