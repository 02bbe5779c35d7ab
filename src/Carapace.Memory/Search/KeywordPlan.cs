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
internal sealed record KeywordPlan(string? And, string? Or, IReadOnlyList<string> Dropped)
{
    /// <summary>0 for ranked bm25 queries; otherwise how many of the newest segment ids an unranked query may look at.</summary>
    public int Window { get; init; }

    /// <summary>The terms in <see cref="And"/>.</summary>
    public int Terms { get; init; }

    /// <summary>The budget the plan was made for.</summary>
    public int Budget { get; init; }

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
            return new KeywordPlan(FtsQuery.Join(matching, " AND "), FtsQuery.Join(words.Count > 0 ? words : matching, " OR "), [])
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
            return new KeywordPlan(FtsQuery.And(query), FtsQuery.Or(query), []) { Terms = tokens.Count, Budget = budget };
        }

        var keywords = FtsQuery.Keywords(query).Where(kept.Contains).ToList();
        return new KeywordPlan(
            FtsQuery.Join(tokens.Where(kept.Contains).ToList(), " AND "),
            FtsQuery.Join(keywords.Count > 0 ? keywords : kept.ToList(), " OR "),
            dropped) { Terms = kept.Count, Budget = budget };
    }

    /// <summary>The ranked bm25 matches of <paramref name="fts"/> (<see cref="And"/> or <see cref="Or"/>), or the bounded unranked ones when <see cref="Window"/> is set.</summary>
    public IEnumerable<(long SegmentId, double Rank)> Matches(MemoryIndexStore store, string fts, IReadOnlyCollection<string> scopes, int limit)
    {
        if (Window == 0)
        {
            return store.Keyword(fts, scopes, limit);
        }

        var (ids, rows) = store.KeywordNewest(fts, scopes, limit, Window);
        var rank = UnrankedRank(rows, ReferenceEquals(fts, And));
        return ids.Select(id => (id, rank));
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
