using System.Diagnostics;
using Carapace.Core.Memory;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Files;
using Carapace.Memory.Index;
using Carapace.Memory.Vectors;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Search;

/// <summary>
/// Hybrid memory search for one scope: BM25 and cosine over segments, merged 0.7/0.3 (bm25 re-saturated, see
/// <see cref="ScoreFusion"/>), daily logs of a day the query names lifted (<see cref="QueryDates"/>), optionally decayed
/// by age and diversified by MMR, cut at minScore without ever dropping an exact keyword hit. The scope decides which partitions (owner files, the scope's own session) are searched at all.
/// </summary>
public sealed class MemorySearcher(MemoryIndex index, MemoryQueryOptions options, MemorySyncOptions sync, TimeProvider time)
{
    /// <summary>The longest snippet returned.</summary>
    public const int SnippetMaxChars = 700;

    private const int MaxCandidates = 200;
    private const int MaxQueryChars = 2000;

    /// <summary>The most FTS postings one search may touch (see <see cref="KeywordPlan"/>): the keyword leg on fresh queries p50 ≈3 ms, p95 ≈6 ms at 121k chunks on 2 cores; no index under 5,000 segments is affected.</summary>
    internal const int KeywordPostingsBudget = 5_000;

    /// <summary>The notice of a search that answered while the index was still being brought up to date.</summary>
    public const string Indexing = "the memory index is still being brought up to date; these results may miss recent or not yet indexed files";

    private volatile bool _caughtUp;

    /// <summary>Searches what <paramref name="scope"/> may read.</summary>
    public async Task<MemorySearchResult> SearchAsync(MemoryScope scope, string query, int? maxResults, double? minScore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var clock = Stopwatch.StartNew();
        var notice = scope.MayReadOwnerFiles ? null : MemoryWorkspace.OwnerOnly;
        var scopes = scope.MayReadOwnerFiles ? new[] { MemoryDocument.OwnerScope, scope.SessionKey } : [scope.SessionKey];
        query = (query ?? "").Trim();
        if (query.Length > MaxQueryChars)
        {
            query = query[..MaxQueryChars];
        }

        if (query.Length == 0)
        {
            return new MemorySearchResult { Results = [], Mode = Mode(), Reason = index.DegradedReason, Notice = "the query is empty; nothing was searched" };
        }

        if (sync.OnSearch && (!_caughtUp || index.HasUnsyncedChanges))
        {
            // This searcher's first search (files may have been edited while nothing watched them) or a change the
            // watcher saw is not indexed yet. Unchanged files are skipped by mtime and size (then by hash), so this is
            // cheap; a long sync (a large first index) is not waited for past searchWaitMs, and the result says so.
            var refresh = index.RefreshAsync();
            await refresh.WaitAsync(TimeSpan.FromMilliseconds(sync.SearchWaitMs), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            if (refresh.IsCompleted)
            {
                await refresh.ConfigureAwait(false); // a failed sync fails the search, as it always did
                _caughtUp = true;
            }
            else
            {
                notice = notice is null ? Indexing : notice + "; " + Indexing;
            }
        }

        var take = Math.Clamp(maxResults ?? options.MaxResults, 1, MaxCandidates);
        var candidates = Math.Min(MaxCandidates, Math.Max(1, take * options.CandidateMultiplier));
        var scored = await index.ReadAsync(
            async (store, vectors) =>
            {
                // The keyword leg (SQLite) runs on one core beside the query embedding on the others (the local query
                // model takes all cores but one); then the vector scan, which needs the query's vector, has every core.
                var keyword = Task.Run(() => KeywordSegments(store, query, scopes, candidates), cancellationToken);
                try
                {
                    var queryVector = await EmbedQueryAsync(query, cancellationToken).ConfigureAwait(false);
                    return await ScoreAsync(store, vectors, query, queryVector, scopes, keyword, candidates, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // The store may be swapped out once the read ends, so the keyword leg always finishes inside it.
                    await ((Task)keyword).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            },
            cancellationToken).ConfigureAwait(false);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var s in scored)
        {
            s.Score *= options.TemporalDecay ? TemporalDecay.Factor(s.Row.Day, today, options.HalfLifeDays) : 1;
        }

        var min = minScore ?? options.MinScore;
        var passing = scored.Where(s => s.Score >= min).ToList();
        if (passing.Count == 0)
        {
            // Keyword-only relaxation: an exact lexical hit is never lost to the hybrid threshold.
            passing = scored.Where(s => s.Text > 0).ToList();
        }

        passing.Sort((a, b) => b.Score.CompareTo(a.Score));
        var order = options.Mmr
            ? Mmr.Select(passing.Select(p => (p.Score, p.Row.Text)).ToList(), options.MmrLambda, take)
            : Enumerable.Range(0, Math.Min(take, passing.Count)).ToList();
        var hits = order.Select(i => passing[i]).Select(s => new MemoryHit(
            s.Row.Path, s.Row.StartLine, s.Row.EndLine, Math.Round(s.Score, 4), Snippet(s.Row.Text), s.Row.Source,
            MemoryHit.Cite(s.Row.Path, s.Row.StartLine, s.Row.EndLine))).ToList();
        return new MemorySearchResult { Results = hits, Mode = Mode(), Reason = index.DegradedReason, Notice = notice, SearchMs = clock.Elapsed.TotalMilliseconds };
    }

    private string Mode() => index.DegradedReason is null ? "hybrid" : "keyword-only";

    private async Task<float[]?> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (index.Embeddings is null || !options.Hybrid && options.VectorWeight == 0)
        {
            return null;
        }

        try
        {
            // Marked as a query: local models add their query instruction, and the generator's query cache answers repeats.
            var embedding = await index.Embeddings.GenerateVectorAsync(query, LocalEmbeddingGenerator.QueryOptions, cancellationToken).ConfigureAwait(false);
            return MemoryIndex.Normalize(embedding.ToArray());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            index.ReportEmbeddingFailure(e);
            return null;
        }
    }

    private async Task<List<Scored>> ScoreAsync(
        MemoryIndexStore store, IVectorIndex? vectors, string query, float[]? queryVector, string[] scopes, Task<List<(SegmentRow Row, double Text)>> keyword, int candidates, CancellationToken cancellationToken)
    {
        var bySegment = new Dictionary<long, Scored>();
        var useVectors = queryVector is not null && vectors is not null && index.DegradedReason is null;
        var hits = useVectors ? await vectors!.SearchAsync(queryVector!, candidates, scopes, cancellationToken).ConfigureAwait(false) : [];
        foreach (var (row, text) in await keyword.ConfigureAwait(false))
        {
            bySegment[row.Id] = new Scored(row) { Text = text };
        }

        if (useVectors)
        {
            var missing = hits.Where(h => !bySegment.ContainsKey(h.Id)).Select(h => h.Id).ToList();
            foreach (var row in store.Segments(missing, byChunk: false))
            {
                bySegment[row.Id] = new Scored(row);
            }

            foreach (var hit in hits)
            {
                if (bySegment.TryGetValue(hit.Id, out var s))
                {
                    s.Vector = Math.Max(0, hit.Score);
                }
            }
        }

        var (vw, tw) = !useVectors ? (0.0, 1.0) : options.Hybrid ? (options.VectorWeight, options.TextWeight) : (1.0, 0.0);
        var all = bySegment.Values.ToList();
        // Alone, the keyword leg keeps OpenClaw's scale (c = 1), so minScore means what it did.
        var saturation = vw > 0 && tw > 0 ? options.KeywordSaturation : 1;
        var fused = ScoreFusion.Fuse(all.ConvertAll(s => s.Vector), all.ConvertAll(s => s.Text), vw, tw, saturation);
        var dates = QueryDates.Parse(query);
        var merged = new Dictionary<(string, int, int), Scored>();
        foreach (var (s, score) in all.Zip(fused))
        {
            s.Score = QueryDates.Lift(dates, s.Row.Day, score, options.DateBoost);
            var key = (s.Row.Path, s.Row.StartLine, s.Row.EndLine);
            if (!merged.TryGetValue(key, out var other) || other.Score < s.Score)
            {
                merged[key] = s; // overlapping chunks repeat lines; keep one copy
            }
        }

        return merged.Values.Where(s => s.Score > 0).ToList();
    }

    /// <summary>BM25 over segments: the strict AND query first, then the OR of keywords to fill up the candidates.</summary>
    private static List<(SegmentRow Row, double Text)> KeywordSegments(MemoryIndexStore store, string query, string[] scopes, int candidates)
    {
        var hits = new Dictionary<long, double>();
        var plan = KeywordPlan.For(query, store.Postings, KeywordPostingsBudget);
        foreach (var all in new[] { true, false })
        {
            if (hits.Count >= candidates)
            {
                continue;
            }

            foreach (var (segmentId, rank) in plan.Matches(store, all, scopes, candidates))
            {
                hits.TryAdd(segmentId, FtsQuery.RankToScore(rank));
                if (hits.Count >= candidates)
                {
                    break;
                }
            }
        }

        return store.Segments(hits.Keys, byChunk: false).ConvertAll(row => (row, hits[row.Id]));
    }

    private static string Snippet(string text)
    {
        if (text.Length <= SnippetMaxChars)
        {
            return text;
        }

        var cut = SnippetMaxChars;
        if (char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut];
    }

    private sealed class Scored(SegmentRow row)
    {
        public SegmentRow Row { get; } = row;

        public double Vector { get; set; }

        public double Text { get; set; }

        public double Score { get; set; }
    }
}
