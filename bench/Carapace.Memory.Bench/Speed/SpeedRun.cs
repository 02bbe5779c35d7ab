using System.Diagnostics;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Speed;

/// <summary>Indexing throughput with the real local model, and search latency (query embedding included) at large sizes.</summary>
internal static class SpeedRun
{
    private const int ThroughputChunks = 200;
    private const int Queries = 200;

    /// <summary>
    /// Runs throughput (unless SKIP_THROUGHPUT=1) and latency at each size; with <paramref name="keep"/> the built
    /// indexes are kept there and reused. FLOAT_QUERIES=1 embeds queries with the float32 model instead of its one-byte copy.
    /// </summary>
    public static async Task<int> RunAsync(int[] sizes, string? keep, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"nproc {Environment.ProcessorCount}, {DateTime.UtcNow:yyyy-MM-dd}");
        var quantized = Environment.GetEnvironmentVariable("FLOAT_QUERIES") != "1";
        output.WriteLine($"queries embedded with {(quantized ? "one-byte" : "float32")} weights");
        using var minilm = new LocalEmbeddingGenerator(EmbeddingGenerators.DefaultLocalModel, quantized);
        var identity = "local:" + LocalEmbeddingGenerator.ModelId(EmbeddingGenerators.DefaultLocalModel);
        if (Environment.GetEnvironmentVariable("SKIP_THROUGHPUT") != "1")
        {
            await ThroughputAsync(minilm, identity, ThroughputChunks, output, cancellationToken);
        }
        foreach (var size in sizes)
        {
            await LatencyAsync(size, keep, minilm, identity, output, cancellationToken);
        }

        return 0;
    }

    /// <summary>Indexes about <paramref name="chunks"/> synthetic chunks through the real indexer with <paramref name="minilm"/> and prints chunks/s.</summary>
    internal static async Task ThroughputAsync(IEmbeddingGenerator<string, Embedding<float>> minilm, string identity, int chunks, TextWriter output, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("carapace-speed-");
        try
        {
            var workspace = Path.Combine(root.FullName, "workspace");
            await SyntheticNotes.WriteAsync(workspace, chunks, cancellationToken);
            await minilm.GenerateAsync(["warm up"], cancellationToken: cancellationToken);
            await using var memory = await AgentMemory.OpenAsync(root.FullName, "main", workspace, new MemorySearchOptions(), TimeProvider.System, TimeZoneInfo.Utc, cancellationToken, (minilm, identity));
            var clock = Stopwatch.StartNew();
            await memory.Index.SyncAsync(force: false, progress: null, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var status = memory.Index.Status();
            output.WriteLine($"indexing with local embeddings ({identity}): {status.Chunks} chunks / {status.Segments} segments in {seconds:0.0} s = {status.Chunks / seconds:0} chunks/s, {status.Segments / seconds:0} segments/s");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task LatencyAsync(int chunks, string? keep, LocalEmbeddingGenerator minilm, string identity, TextWriter output, CancellationToken cancellationToken)
    {
        var root = keep is null ? Directory.CreateTempSubdirectory("carapace-speed-") : Directory.CreateDirectory(Path.Combine(keep, chunks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            var workspace = Path.Combine(root.FullName, "workspace");
            var options = new MemorySearchOptions();
            var build = Stopwatch.StartNew();
            var built = File.Exists(Path.Combine(root.FullName, "built"));
            if (!built)
            {
                await SyntheticNotes.WriteAsync(workspace, chunks, cancellationToken);
                await using var builder = await AgentMemory.OpenAsync(root.FullName, "main", workspace, options, TimeProvider.System, TimeZoneInfo.Utc, cancellationToken, (new RandomEmbeddings(LocalEmbeddingGenerator.Dimensions), identity));
                await builder.Index.SyncAsync(force: false, progress: null, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(root.FullName, "built"), "", cancellationToken);
            }

            var buildSeconds = build.Elapsed.TotalSeconds;
            var load = Stopwatch.StartNew();
            await using var memory = await AgentMemory.OpenAsync(root.FullName, "main", workspace, options, TimeProvider.System, TimeZoneInfo.Utc, cancellationToken, ((IEmbeddingGenerator<string, Embedding<float>>?)minilm, identity));
            var loadSeconds = load.Elapsed.TotalSeconds;
            var status = memory.Index.Status();
            var scope = MemoryScope.For("main", "owner", isOwner: true, ChatType.Direct, "agent:main:main", null);
            var gen2 = GC.CollectionCount(2);
            // The first searches after loading run partly unoptimised code (tiered JIT) with every cache cold: timed on
            // their own query sequence, so the measured one below is the steady state of a running gateway.
            var clock = Stopwatch.StartNew();
            await memory.Searcher.SearchAsync(scope, "first search after load", null, null, cancellationToken);
            var firstSearch = clock.Elapsed.TotalMilliseconds;
            var first = await MeasureAsync(q => memory.Searcher.SearchAsync(scope, q, null, null, cancellationToken), seed: 9);
            var latencies = await MeasureAsync(q => memory.Searcher.SearchAsync(scope, q, null, null, cancellationToken));
            gen2 = GC.CollectionCount(2) - gen2;
            var keywordOnly = new MemorySearcher(memory.Index, options.Query with { Hybrid = false, VectorWeight = 0, TextWeight = 1 }, options.Sync, TimeProvider.System);
            var keyword = await MeasureAsync(q => keywordOnly.SearchAsync(scope, q, null, null, cancellationToken), seed: 8);
            var embedding = await MeasureAsync(q => minilm.GenerateAsync([q], LocalEmbeddingGenerator.QueryOptions, cancellationToken));
            var bytes = new DirectoryInfo(Path.Combine(root.FullName, "memory")).EnumerateFiles().Sum(f => f.Length);
            output.WriteLine($"{status.Chunks} chunks / {status.Vectors} vectors: memory_search p50 {LocomoRun.Percentile(latencies, 50):0.0} ms, p95 {LocomoRun.Percentile(latencies, 95):0.0} ms (query embedding included, {gen2} gen-2 GCs); " +
                             $"the very first search {firstSearch:0} ms; the next {first.Count} p50 {LocomoRun.Percentile(first, 50):0.0} / p95 {LocomoRun.Percentile(first, 95):0.0} ms; " +
                             $"keyword-only search (fresh queries) p50 {LocomoRun.Percentile(keyword, 50):0.0} / p95 {LocomoRun.Percentile(keyword, 95):0.0} ms; query embedding alone p50 {LocomoRun.Percentile(embedding, 50):0.0} / p95 {LocomoRun.Percentile(embedding, 95):0.0} ms; " +
                             $"index {bytes / 1048576.0:0.0} MB = {bytes / 1048576.0 / status.Chunks * 10_000:0.0} MB per 10k chunks; " +
                             (built ? "reused a kept index" : $"built (synthetic vectors) in {buildSeconds:0.0} s") + $"; loaded in {loadSeconds:0.0} s");
            await SearchBreakdown.RunAsync(memory, minilm, scope, output, cancellationToken);
        }
        finally
        {
            if (keep is null)
            {
                root.Delete(recursive: true);
            }
        }
    }

    /// <summary>
    /// Times <paramref name="search"/> over a seeded query sequence after 10 warm-up queries; a new <paramref name="seed"/>
    /// gives queries (and words) no earlier search has seen.
    /// </summary>
    internal static async Task<List<double>> MeasureAsync(Func<string, Task> search, int seed = 7)
    {
        var random = new Random(seed);
        var latencies = new List<double>();
        for (var i = 0; i < Queries + 10; i++)
        {
            var query = SyntheticNotes.Words(random, 6 + random.Next(6));
            var clock = Stopwatch.StartNew();
            await search(query);
            if (i >= 10)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return latencies;
    }
}
