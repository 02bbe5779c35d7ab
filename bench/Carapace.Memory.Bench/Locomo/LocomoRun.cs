using System.Diagnostics;
using System.Globalization;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>
/// LoCoMo evidence retrieval through the real memory stack: each conversation written as daily logs, indexed with the
/// default local embeddings, every question asked through memory search, recall@k of evidence turns reported.
/// </summary>
internal static class LocomoRun
{
    public static readonly double[] DragonDialog = [58.8, 67.5, 79.9, 84.8];
    public static readonly double[] DragonObservation = [49.6, 57.1, 66.0, 71.1];

    /// <summary>
    /// Runs the benchmark. <paramref name="keep"/>, when set, is a directory where each conversation's workspace and
    /// index are kept and reused by later runs (a ranking experiment then skips the minutes of embedding);
    /// <paramref name="variants"/> are the ranking variants compared on the same index, the first one reported in full.
    /// </summary>
    public static async Task<int> RunAsync(string datasetPath, int limit, MemorySearchOptions options, bool dialogOnly, string? keep, IReadOnlyList<(string Name, MemoryQueryOptions Options)> variants, TextWriter output, CancellationToken cancellationToken)
    {
        var conversations = (await LocomoLoader.LoadAsync(datasetPath, cancellationToken)).Take(limit).ToList();
        var embeddings = EmbeddingGenerators.Create(options.Embeddings with { Provider = "local" });
        using var generator = embeddings.Generator;
        await generator!.GenerateAsync(["warm up"], cancellationToken: cancellationToken); // model load (or the static model's one-time distillation) is not indexing time
        output.WriteLine($"embeddings: {embeddings.Identity}, segments of {options.Chunking.SegmentTokens} tokens with {options.Chunking.SegmentContext} context line(s), nproc {Environment.ProcessorCount}, {DateTime.UtcNow:yyyy-MM-dd}");
        foreach (var (corpus, baseline) in new[] { ("dialog", DragonDialog), ("observation", DragonObservation) }.Take(dialogOnly ? 1 : 2))
        {
            var result = await RunCorpusAsync(conversations, corpus, options, embeddings, keep, variants, cancellationToken);
            output.WriteLine($"## LoCoMo {corpus} evidence recall ({conversations.Count} conversations, {result.Chunks} chunks, {result.Segments} segments)");
            output.WriteLine($"indexing: {result.IndexSeconds:0.0} s, {result.Chunks / result.IndexSeconds:0} chunks/s, {result.Segments / result.IndexSeconds:0} segments/s");
            output.WriteLine($"search (default variant): p50 {Percentile(result.Latencies, 50):0.0} ms, p95 {Percentile(result.Latencies, 95):0.0} ms over {result.Latencies.Count} questions");
            for (var v = 0; v < variants.Count; v++)
            {
                output.WriteLine();
                output.WriteLine(result.Tables[v].Format($"{corpus}: {variants[v].Name}", v == 0 ? baseline : null));
            }

            output.WriteLine($"| {corpus} variant | R@5 / R@10 / R@25 / R@50 | R@10 by category 1–5 | with the agent's defaults (6 results, minScore 0.35): mean results, questions with none |\n|---|---|---|---|");
            for (var v = 0; v < variants.Count; v++)
            {
                var agent = result.AgentResults[v];
                output.WriteLine($"| {variants[v].Name} | {result.Tables[v].Summary()} | {agent.Average():0.0}, {100.0 * agent.Count(n => n == 0) / agent.Count:0.0} % |");
            }
        }

        return 0;
    }

    public static async Task<CorpusResult> RunCorpusAsync(IReadOnlyList<LocomoConversation> conversations, string corpus, MemorySearchOptions options, (Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>?, string) embeddings, string? keep, IReadOnlyList<(string Name, MemoryQueryOptions Options)> variants, CancellationToken cancellationToken)
    {
        // LOCOMO_MISSES=path: the first variant's questions that miss evidence in the top 10, with what came first.
        await using var misses = Environment.GetEnvironmentVariable("LOCOMO_MISSES") is { Length: > 0 } missPath ? new StreamWriter(missPath + "." + corpus) : null;
        var tables = variants.Select(_ => new RecallTable()).ToArray();
        var agentResults = variants.Select(_ => new List<int>()).ToArray();
        var latencies = new List<double>();
        var indexTime = TimeSpan.Zero;
        int chunks = 0, segments = 0;
        var scope = MemoryScope.For("main", "owner", isOwner: true, ChatType.Direct, "agent:main:main", null);
        foreach (var conversation in conversations)
        {
            var root = keep is null
                ? Directory.CreateTempSubdirectory("carapace-locomo-")
                : Directory.CreateDirectory(Path.Combine(keep, $"{conversation.Id}-{corpus}-{options.Embeddings.Model ?? "default"}-s{options.Chunking.SegmentTokens}-c{options.Chunking.SegmentContext}"));
            try
            {
                var workspace = Path.Combine(root.FullName, "workspace");
                if (keep is not null && Directory.Exists(workspace))
                {
                    // Kept from an earlier run: the files are unchanged, so the sync below finds nothing to do.
                }
                else if (corpus == "dialog")
                {
                    await LocomoWriter.WriteDialogAsync(conversation, workspace, cancellationToken);
                }
                else
                {
                    await LocomoWriter.WriteObservationsAsync(conversation, workspace, cancellationToken);
                }

                var last = conversation.Sessions.Max(s => s.At);
                var time = new FixedTimeProvider(new DateTimeOffset(last.Date.AddDays(1), TimeSpan.Zero));
                await using (var builder = await AgentMemory.OpenAsync(root.FullName, "main", workspace, options, time, TimeZoneInfo.Utc, cancellationToken, embeddings))
                {
                    var clock = Stopwatch.StartNew();
                    await builder.Index.SyncAsync(force: false, progress: null, cancellationToken);
                    indexTime += clock.Elapsed;
                }

                // Searched as after a restart: vectors loaded back from the stored (half-precision) cache.
                await using var memory = await AgentMemory.OpenAsync(root.FullName, "main", workspace, options, time, TimeZoneInfo.Utc, cancellationToken, embeddings);
                var status = memory.Index.Status();
                chunks += status.Chunks;
                segments += status.Segments;
                for (var v = 0; v < variants.Count; v++)
                {
                    var searcher = new MemorySearcher(memory.Index, variants[v].Options, new Index.MemorySyncOptions(), time);
                    foreach (var question in conversation.Questions.Where(q => q.Evidence.Count > 0))
                    {
                        var found = await searcher.SearchAsync(scope, question.Question, maxResults: 60, minScore: 0, cancellationToken);
                        if (v == 0)
                        {
                            latencies.Add(found.SearchMs);
                        }

                        var snippets = found.Results.Select(r => r.Snippet).ToList();
                        var asAgent = await searcher.SearchAsync(scope, question.Question, maxResults: null, minScore: null, cancellationToken);
                        agentResults[v].Add(asAgent.Results.Count);
                        if (v == 0 && misses is not null && RecallScorer.Recall(question.Evidence, snippets, 10) < 1)
                        {
                            await misses.WriteLineAsync($"## {conversation.Id} cat {question.Category}: {question.Question}\nevidence {string.Join(' ', question.Evidence)}; top 10: {string.Join(' ', RecallScorer.TopTurns(snippets, 10))}\n{string.Join('\n', snippets.Take(5))}\n");
                        }

                        tables[v].Add(question.Category, RecallScorer.Ks.Select(k => RecallScorer.Recall(question.Evidence, snippets, k)!.Value).ToArray());
                    }
                }
            }
            finally
            {
                if (keep is null)
                {
                    root.Delete(recursive: true);
                }
            }
        }

        return new CorpusResult(tables, agentResults, latencies, indexTime.TotalSeconds, chunks, segments);
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    internal sealed record CorpusResult(RecallTable[] Tables, List<int>[] AgentResults, List<double> Latencies, double IndexSeconds, int Chunks, int Segments);
}
