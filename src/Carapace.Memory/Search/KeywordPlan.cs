namespace Carapace.Memory.Search;

/// <summary>
/// Bounds the keyword side of a search. FTS5's bm25 counts every posting of every query term (for IDF) and then scores
/// every matching row before it can sort, so a query holding a few everyday words scans most of a large index. The
/// query's terms are taken rarest first while their postings fit a budget; the rest (low-IDF words that barely move
/// bm25) are left out of both FTS queries. When everything fits — every index of a few thousand segments — the queries
/// are exactly the unbounded ones. The rarest matching term is always kept, so keyword-only search never goes empty.
/// </summary>
internal sealed record KeywordPlan(string? And, string? Or, IReadOnlyList<string> Dropped)
{
    /// <summary>Plans <paramref name="query"/>; <paramref name="postings"/> gives a term's matching rows, counted up to at most cap + 1.</summary>
    public static KeywordPlan For(string query, Func<string, int, int> postings, int budget)
    {
        var tokens = FtsQuery.Tokens(query).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var counts = tokens.ToDictionary(t => t, t => postings(t, budget), StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var token in tokens.Where(t => counts[t] > 0).OrderBy(t => counts[t]).ThenBy(t => t, StringComparer.Ordinal))
        {
            if (total + counts[token] > budget && kept.Count > 0)
            {
                break;
            }

            kept.Add(token);
            total += counts[token];
        }

        var dropped = tokens.Where(t => counts[t] > 0 && !kept.Contains(t)).ToList();
        if (dropped.Count == 0)
        {
            return new KeywordPlan(FtsQuery.And(query), FtsQuery.Or(query), []);
        }

        var keywords = FtsQuery.Keywords(query).Where(kept.Contains).ToList();
        return new KeywordPlan(
            FtsQuery.Join(tokens.Where(kept.Contains).ToList(), " AND "),
            FtsQuery.Join(keywords.Count > 0 ? keywords : kept.ToList(), " OR "),
            dropped);
    }
}
