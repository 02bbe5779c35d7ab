using System.Diagnostics;
using Carapace.Core.Memory;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Index;
using Carapace.Memory.Search;

namespace Carapace.Memory.Bench.Speed;

/// <summary>
/// Times the parts of a memory search one by one over the speed run's query sequence — query embedding, vector search,
/// keyword term probes, the bm25 queries, the row fetch — beside the whole search, so a slow search can be pinned on its part.
/// </summary>
internal static class SearchBreakdown
{
    private const int Queries = 200;

    /// <summary>A smaller postings budget timed beside the searcher's, on the same queries.</summary>
    private const int SmallBudget = 2_000;

    public static async Task RunAsync(AgentMemory memory, LocalEmbeddingGenerator model, MemoryScope scope, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new MemoryQueryOptions();
        var candidates = Math.Min(200, options.MaxResults * options.CandidateMultiplier);
        string[] scopes = [MemoryDocument.OwnerScope, scope.SessionKey];
        var parts = new Dictionary<string, List<double>>
        {
            ["search"] = [], ["embed"] = [], ["vector"] = [], ["probes"] = [], ["cold probes"] = [], ["bm25"] = [], ["rows"] = [], [$"probes+bm25 at budget {SmallBudget}"] = [],
        };
        var random = new Random(7);
        for (var i = 0; i < Queries + 10; i++)
        {
            var query = SyntheticNotes.Words(random, 6 + random.Next(6));
            var iteration = i;
            var clock = Stopwatch.StartNew();
            await memory.Searcher.SearchAsync(scope, query, null, null, cancellationToken);
            var search = Lap(clock);
            var embedding = await model.GenerateAsync([query], LocalEmbeddingGenerator.QueryOptions, cancellationToken);
            var embed = Lap(clock);
            var vector = MemoryIndex.Normalize(embedding[0].Vector.ToArray());
            var times = await memory.Index.ReadAsync(
                async (store, vectors) =>
                {
                    var watch = Stopwatch.StartNew();
                    var hits = vectors is null ? [] : await vectors.SearchAsync(vector, candidates, scopes, cancellationToken);
                    var v = Lap(watch);
                    var plan = KeywordPlan.For(query, store.Postings, MemorySearcher.KeywordPostingsBudget);
                    var p = Lap(watch);
                    KeywordPlan.For(query, store.Postings, MemorySearcher.KeywordPostingsBudget + 1 + iteration); // a cap never asked before: every term probed afresh
                    var cold = Lap(watch);
                    var keyword = new HashSet<long>();
                    foreach (var all in new[] { true, false })
                    {
                        if (keyword.Count < candidates)
                        {
                            keyword.UnionWith(plan.Matches(store, all, scopes, candidates).Select(k => k.SegmentId));
                        }
                    }

                    var ids = keyword.Concat(hits.Select(h => h.Id)).ToHashSet();

                    var b = Lap(watch);
                    store.Segments(ids, byChunk: false);
                    var r = Lap(watch);
                    var small = KeywordPlan.For(query, store.Postings, SmallBudget);
                    var found = 0;
                    foreach (var all in new[] { true, false })
                    {
                        if (found < candidates)
                        {
                            found += small.Matches(store, all, scopes, candidates).Count();
                        }
                    }

                    return (v, p, b, r, Lap(watch), cold);
                },
                cancellationToken);
            if (i >= 10)
            {
                parts["search"].Add(search);
                parts["embed"].Add(embed);
                parts["vector"].Add(times.v);
                parts["probes"].Add(times.p);
                parts["cold probes"].Add(times.cold);
                parts["bm25"].Add(times.b);
                parts["rows"].Add(times.r);
                parts[$"probes+bm25 at budget {SmallBudget}"].Add(times.Item5);
            }
        }

        output.WriteLine("  breakdown (p50 / p95 ms): " + string.Join("; ", parts.Select(p => $"{p.Key} {LocomoRun.Percentile(p.Value, 50):0.0} / {LocomoRun.Percentile(p.Value, 95):0.0}")));
    }

    private static double Lap(Stopwatch watch)
    {
        var ms = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        return ms;
    }
}
