using System.Diagnostics;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Index;
using Carapace.Memory.Vectors;

namespace Carapace.Memory.Bench.Speed;

/// <summary>
/// How much of the exact nearest neighbours the sign-code scan keeps, on real embeddings: every LoCoMo dialog line and
/// observation (each with its neighbouring lines, as the indexer embeds segments) of all conversations in one partition,
/// the LoCoMo questions as queries. The candidate share is the ratio R/N the index uses at 848k vectors, so a small
/// corpus shows the loss a large one would have. Vectors are cached in a file so the corpus is embedded once.
/// </summary>
internal static class VectorRecallRun
{
    private static readonly double[] Fractions = [0.0025, 0.005, 0.01, 0.02, 0.05];

    public static async Task<int> RunAsync(string locomoPath, string cache, TextWriter output, CancellationToken cancellationToken)
    {
        var conversations = await LocomoLoader.LoadAsync(locomoPath, cancellationToken);
        var lines = conversations.SelectMany(c => WithNeighbours(c.Sessions.SelectMany(s => s.Turns).Select(t => $"[{t.DiaId}] {t.Speaker}: {t.Text}{(t.Caption is { Length: > 0 } cap ? $" [shares {cap}]" : "")}").ToList())
            .Concat(WithNeighbours(c.Observations.Select(f => $"[{string.Join(' ', f.DiaIds)}] {f.Speaker}: {f.Fact}").ToList()))).ToList();
        var questions = conversations.SelectMany(c => c.Questions).Select(q => q.Question).ToList();
        using var model = new LocalEmbeddingGenerator(EmbeddingGenerators.DefaultLocalModel);
        var corpus = await EmbedCachedAsync(model, lines, query: false, cache + ".corpus", cancellationToken);
        var queries = await EmbedCachedAsync(model, questions, query: true, cache + ".queries", cancellationToken);
        output.WriteLine($"sign-code recall against exact search: {corpus.Count} real vectors (LoCoMo lines and observations with neighbours, {EmbeddingGenerators.DefaultLocalModel}), {queries.Count} questions as queries");

        var entries = corpus.Select((v, i) => new VectorEntry(i, "all", v)).ToList();
        using var exact = new InMemoryVectorIndex(LocalEmbeddingGenerator.Dimensions, new VectorScanOptions { ExactBelow = int.MaxValue });
        await exact.UpsertAsync(entries, cancellationToken);
        var truth = new List<HashSet<long>[]>();
        foreach (var query in queries)
        {
            var hits = await exact.SearchAsync(query, 50, ["all"], cancellationToken);
            truth.Add([hits.Take(10).Select(h => h.Id).ToHashSet(), hits.Select(h => h.Id).ToHashSet()]);
        }

        foreach (var fraction in Fractions)
        {
            using var approximate = new InMemoryVectorIndex(LocalEmbeddingGenerator.Dimensions, new VectorScanOptions { ExactBelow = 0, CandidateFraction = fraction, MinCandidates = 0 });
            await approximate.UpsertAsync(entries, cancellationToken);
            var (at10, at50) = (0.0, 0.0);
            for (var q = 0; q < queries.Count; q++)
            {
                var hits = await approximate.SearchAsync(queries[q], 50, ["all"], cancellationToken);
                at10 += hits.Take(10).Count(h => truth[q][0].Contains(h.Id)) / (double)truth[q][0].Count;
                at50 += hits.Count(h => truth[q][1].Contains(h.Id)) / (double)truth[q][1].Count;
            }

            var candidates = (int)Math.Ceiling(corpus.Count * fraction);
            output.WriteLine($"  candidates {fraction:P2} of N ({candidates} here, {(int)Math.Ceiling(848_000 * fraction)} at 848k): recall@10 {at10 / queries.Count:0.000}, recall@50 {at50 / queries.Count:0.000}");
        }

        await Int8RecallAsync(entries, queries, output, cancellationToken);
        await TimeAsync(output, cancellationToken);
        return 0;
    }

    /// <summary>
    /// What the one-byte rescoring stage loses, at the 24 vectors memory_search asks for: recall@10 of the exact top 10
    /// with every candidate scored exactly against only the best <see cref="VectorScanOptions.ExactPerResult"/> × 24 of
    /// the one-byte scores. The whole partition as candidates is the hardest case: the stage alone must find the top 10.
    /// </summary>
    private static async Task Int8RecallAsync(List<VectorEntry> entries, List<float[]> queries, TextWriter output, CancellationToken cancellationToken)
    {
        const int Limit = 24;
        using var exact = new InMemoryVectorIndex(LocalEmbeddingGenerator.Dimensions, new VectorScanOptions { ExactBelow = int.MaxValue });
        await exact.UpsertAsync(entries, cancellationToken);
        var truth = new List<HashSet<long>>();
        foreach (var query in queries)
        {
            truth.Add((await exact.SearchAsync(query, 10, ["all"], cancellationToken)).Select(h => h.Id).ToHashSet());
        }

        foreach (var (fraction, perResult) in new[] { (0.02, 0), (0.02, 4), (0.05, 0), (0.05, 4), (1.0, 4), (1.0, 2), (1.0, 1) })
        {
            using var index = new InMemoryVectorIndex(LocalEmbeddingGenerator.Dimensions, new VectorScanOptions { ExactBelow = 0, CandidateFraction = fraction, MinCandidates = 0, ExactPerResult = perResult });
            await index.UpsertAsync(entries, cancellationToken);
            var at10 = 0.0;
            for (var q = 0; q < queries.Count; q++)
            {
                var hits = await index.SearchAsync(queries[q], Limit, ["all"], cancellationToken);
                at10 += hits.Take(10).Count(h => truth[q].Contains(h.Id)) / (double)truth[q].Count;
            }

            var stage = perResult == 0 ? "all scored exactly" : $"one-byte rows keep {perResult * Limit}, scored exactly";
            output.WriteLine($"  limit {Limit}, candidates {fraction:P0} of N ({(int)Math.Ceiling(entries.Count * fraction)}), {stage}: recall@10 {at10 / queries.Count:0.000}");
        }
    }

    /// <summary>Search time alone at the 110k-chunk size (random vectors: the scan does the same work whatever the values), exact against sign codes.</summary>
    private static async Task TimeAsync(TextWriter output, CancellationToken cancellationToken)
    {
        const int Count = 848_000;
        var random = new Random(5);
        var entries = Enumerable.Range(0, Count).Select(i => new VectorEntry(i, "all", Enumerable.Range(0, LocalEmbeddingGenerator.Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())).ToList();
        var queries = Enumerable.Range(0, 60).Select(_ => entries[random.Next(Count)].Vector).ToList();
        foreach (var (name, options) in new[] { ("exact", new VectorScanOptions { ExactBelow = int.MaxValue }) }.Concat(Fractions.Skip(2).SelectMany(f => new[] { ($"sign codes, {f:P1} scored exactly", new VectorScanOptions { CandidateFraction = f, ExactPerResult = 0 }), ($"sign codes, {f:P1} through one-byte rows", new VectorScanOptions { CandidateFraction = f }) })))
        {
            using var index = new InMemoryVectorIndex(LocalEmbeddingGenerator.Dimensions, options);
            await index.UpsertAsync(entries, cancellationToken);
            var latencies = new List<double>();
            foreach (var query in queries)
            {
                var clock = Stopwatch.StartNew();
                await index.SearchAsync(query, 24, ["all"], cancellationToken);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            latencies = latencies.Skip(10).ToList();
            output.WriteLine($"  {Count} random vectors, {name}: p50 {LocomoRun.Percentile(latencies, 50):0.0} ms, p95 {LocomoRun.Percentile(latencies, 95):0.0} ms");
        }
    }

    /// <summary>Each line with the line before and after it, as a segment is embedded with its neighbouring lines.</summary>
    private static IEnumerable<string> WithNeighbours(IReadOnlyList<string> lines) =>
        lines.Select((_, i) => string.Join('\n', lines.Skip(Math.Max(0, i - 1)).Take(i == 0 ? 2 : 3)));

    private static async Task<List<float[]>> EmbedCachedAsync(LocalEmbeddingGenerator model, IReadOnlyList<string> texts, bool query, string path, CancellationToken cancellationToken)
    {
        var dims = LocalEmbeddingGenerator.Dimensions;
        if (File.Exists(path) && new FileInfo(path).Length == (long)texts.Count * dims * sizeof(float))
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var cached = new List<float[]>(texts.Count);
            for (var i = 0; i < texts.Count; i++)
            {
                cached.Add(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * dims * sizeof(float), dims * sizeof(float))).ToArray());
            }

            return cached;
        }

        var clock = Stopwatch.StartNew();
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(32))
        {
            var generated = await model.GenerateAsync(batch, query ? LocalEmbeddingGenerator.QueryOptions : null, cancellationToken);
            vectors.AddRange(generated.Select(e => MemoryIndex.Normalize(e.Vector.ToArray())));
        }

        await File.WriteAllBytesAsync(path, vectors.SelectMany(v => v).SelectMany(BitConverter.GetBytes).ToArray(), cancellationToken);
        Console.Error.WriteLine($"embedded {texts.Count} texts in {clock.Elapsed.TotalSeconds:0} s");
        return vectors;
    }
}
