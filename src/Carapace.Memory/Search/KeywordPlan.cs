using Carapace.Memory.Index;

namespace Carapace.Memory.Search;

/// <summary>
/// Bounds the keyword side of a search. FTS5's bm25 counts every posting of every query term (for IDF) and then scores
/// every matching row before it can sort, so a query holding a few everyday words scans most of a large index. The
/// query's terms are taken rarest first while their postings fit a budget; the rest (low-IDF words that barely move
/// bm25) are left out of both FTS queries. When everything fits — every index of a few thousand segments — the queries
/// are exactly the unbounded ones. When not even the rarest term fits, the search is unranked and bounded instead
/// (<see cref="Window"/>): the queries run over the newest segments only, so no posting list is ever scanned in full.
/// </summary>
internal sealed record KeywordPlan(IReadOnlyList<string> AndTerms, IReadOnlyList<string> OrTerms, IReadOnlyList<string> Dropped)
{
    /// <summary>
    /// The most postings one term of a ranked query may have before FTS5 ranks the query itself. The plan keeps only
    /// tokens within the budget, so only a phrase can reach it: "coffee_morning" may be rare while its two words are not.
    /// </summary>
    internal const int MaxTermPostings = 20_000;

    private (Dictionary<long, ulong> Matched, long Newest)? _window;

    /// <summary>0 for ranked bm25 queries; otherwise how many of the newest segment ids an unranked query may look at.</summary>
    public int Window { get; init; }

    /// <summary>The terms in <see cref="And"/>.</summary>
    public int Terms { get; init; }

    /// <summary>The budget the plan was made for.</summary>
    public int Budget { get; init; }

    /// <summary>The strict query: every term quoted, joined with AND; null when there are none.</summary>
    public string? And => FtsQuery.Join(AndTerms, " AND ");

    /// <summary>The loose query: the keywords quoted, joined with OR; null when there are none.</summary>
    public string? Or => FtsQuery.Join(OrTerms, " OR ");

    /// <summary>Plans <paramref name="query"/>; <paramref name="postings"/> gives a term's matching rows, counted up to at most cap + 1.</summary>
    public static KeywordPlan For(string query, Func<string, int, int> postings, int budget)
    {
        var tokens = FtsQuery.Tokens(query).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var counts = tokens.ToDictionary(t => t, t => postings(t, budget), StringComparer.Ordinal);
        var matching = tokens.Where(t => counts[t] > 0).ToList();
        if (matching.Count > 0 && matching.All(t => counts[t] > budget))
        {
            // Every term is everyday: an AND/OR over the newest segments, each term contributing at most Window postings.
            var words = FtsQuery.Keywords(query).Where(matching.Contains).ToList();
            return new KeywordPlan(matching, words.Count > 0 ? words : matching, [])
            {
                Window = Math.Max(1, budget / matching.Count), Terms = matching.Count, Budget = budget,
            };
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var token in matching.OrderBy(t => counts[t]).ThenBy(t => t, StringComparer.Ordinal))
        {
            if (total + counts[token] > budget)
            {
                break;
            }

            kept.Add(token);
            total += counts[token];
        }

        var dropped = matching.Where(t => !kept.Contains(t)).ToList();
        if (dropped.Count == 0)
        {
            return new KeywordPlan(FtsQuery.Tokens(query), FtsQuery.Keywords(query), []) { Terms = tokens.Count, Budget = budget };
        }

        var keywords = FtsQuery.Keywords(query).Where(kept.Contains).ToList();
        return new KeywordPlan(tokens.Where(kept.Contains).ToList(), keywords.Count > 0 ? keywords : kept.ToList(), dropped) { Terms = kept.Count, Budget = budget };
    }

    /// <summary>
    /// The ranked bm25 matches of <see cref="And"/> (<paramref name="all"/>) or <see cref="Or"/>, scored in memory over
    /// FTS5's postings (<see cref="MemoryIndexStore.Ranked"/>). When <see cref="Window"/> is set, the bounded unranked
    /// ones instead: segments of the window holding every term, or any keyword — those holding more keywords first,
    /// then the newest.
    /// </summary>
    public IEnumerable<(long SegmentId, double Rank)> Matches(MemoryIndexStore store, bool all, IReadOnlyCollection<string> scopes, int limit)
    {
        var terms = all ? AndTerms : OrTerms;
        if (terms.Count == 0)
        {
            return [];
        }

        if (Window == 0)
        {
            return store.Ranked(terms, all, scopes, limit, MaxTermPostings) ?? store.Keyword((all ? And : Or)!, scopes, limit);
        }

        // Or ⊆ And in a window plan, so one pass over the And terms answers both queries.
        _window ??= store.KeywordWindow(AndTerms, scopes, Window);
        var (matched, rows) = _window.Value;
        var every = AndTerms.Count >= 64 ? ulong.MaxValue : (1UL << AndTerms.Count) - 1;
        var keywords = 0UL;
        for (var i = 0; i < Math.Min(AndTerms.Count, 64); i++)
        {
            keywords |= OrTerms.Contains(AndTerms[i]) ? 1UL << i : 0;
        }

        var unit = UnrankedRank(rows, all: false);
        return matched
            .Select(m => (Id: m.Key, Held: all ? ((m.Value & every) == every ? Terms : 0) : System.Numerics.BitOperations.PopCount(m.Value & keywords)))
            .Where(m => m.Held > 0)
            .OrderByDescending(m => m.Held).ThenByDescending(m => m.Id)
            .Take(limit)
            .Select(m => (m.Id, unit * m.Held));
    }

    /// <summary>
    /// The FTS5 rank given to an unranked hit among <paramref name="rows"/> segments: bm25 of an average-length row
    /// holding each term once, with every term as frequent as the budget allows (what FTS5 would give at most); the
    /// AND query's hits hold every term, the OR query's at least one.
    /// </summary>
    internal double UnrankedRank(long rows, bool all)
    {
        var ratio = (rows - Budget + 0.5) / (Budget + 0.5);
        var idf = ratio > 1 ? Math.Log(ratio) : 1e-6; // FTS5's floor for a term in most rows
        return -idf * (all ? Terms : 1);
    }
}
