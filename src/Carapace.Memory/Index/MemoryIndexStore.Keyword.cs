using Microsoft.Data.Sqlite;

namespace Carapace.Memory.Index;

/// <summary>The keyword side of the store: FTS5 matches (ranked, or unranked over the newest segments) and term counts.</summary>
internal sealed partial class MemoryIndexStore
{
    /// <summary>
    /// BM25 matches of an FTS5 query among segments of the given scopes, best first (rank is negative, lower is better).
    /// When the scopes cover every scope in the index, FTS5 ranks on its own (no per-match joins to find a scope).
    /// </summary>
    public List<(long SegmentId, double Rank)> Keyword(string ftsQuery, IReadOnlyCollection<string> scopes, int limit)
    {
        lock (_gate)
        {
            _scopes ??= ScopesInIndex();
            var names = scopes.Select((_, i) => "$s" + i).ToArray();
            using var command = Command(
                _scopes.IsSubsetOf(scopes)
                    ? "SELECT rowid, rank FROM segments_fts WHERE segments_fts MATCH $q ORDER BY rank LIMIT $n"
                    : $"SELECT s.id, bm25(segments_fts) FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid JOIN chunks c ON c.id = s.chunk_id WHERE segments_fts MATCH $q AND c.scope IN ({string.Join(',', names)}) ORDER BY bm25(segments_fts) LIMIT $n",
                ("$q", ftsQuery), ("$n", limit));
            var i = 0;
            foreach (var scope in scopes)
            {
                command.Parameters.AddWithValue(names[i++], scope);
            }

            using var reader = command.ExecuteReader();
            var list = new List<(long, double)>();
            while (reader.Read())
            {
                list.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }

            return list;
        }
    }

    /// <summary>
    /// Which of <paramref name="phrases"/> (bare tokens, at most 64) each of the newest <paramref name="window"/>
    /// segments of <paramref name="scopes"/> holds, as a bit mask by phrase index, with the highest segment id (the row
    /// count it estimates). One forward query per phrase inside the id window: FTS5 seeks each posting list to the
    /// window and computes no bm25 (whose IDF pass reads every posting), so the cost is bounded whatever the terms
    /// are — an AND of everyday words, or a newest-first scan, walks their whole posting lists instead.
    /// </summary>
    public (Dictionary<long, ulong> Matched, long Newest) KeywordWindow(IReadOnlyList<string> phrases, IReadOnlyCollection<string> scopes, int window)
    {
        lock (_gate)
        {
            var segmentStats = SegmentStats();
            if (_newestSegment is null)
            {
                using var max = Command("SELECT coalesce(max(id), 0) FROM segments");
                _newestSegment = Convert.ToInt64(max.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            var allowed = scopes.Select(s => _scopeIds.GetValueOrDefault(s, -1)).Where(id => id >= 0).ToHashSet();
            var matched = new Dictionary<long, ulong>();
            using var command = Command("SELECT rowid FROM segments_fts WHERE segments_fts MATCH $q AND rowid > $from", ("$q", ""), ("$from", _newestSegment.Value - window));
            for (var i = 0; i < Math.Min(phrases.Count, 64); i++)
            {
                command.Parameters["$q"].Value = Quoted(phrases[i]);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetInt64(0);
                    if (segmentStats.TryGetValue(id, out var stats) && allowed.Contains(stats.Scope))
                    {
                        matched[id] = matched.GetValueOrDefault(id) | (1UL << i);
                    }
                }
            }

            return (matched, _newestSegment.Value);
        }
    }

    /// <summary>
    /// How many segments match <paramref name="term"/> (a bare token), counted up to <paramref name="cap"/> + 1. A
    /// token FTS5 reads as one term is answered from the kept document frequencies (<see cref="TermSegments"/>). One it
    /// splits into a phrase ("a_b") is probed: up to 2·cap + 1 postings read, without scoring, and remembered — a count
    /// within the cap until the next write; a count over it for as long as fewer segments were deleted since than it
    /// had over the cap (inserts only add postings).
    /// </summary>
    public int Postings(string term, int cap)
    {
        lock (_gate)
        {
            var terms = PhraseTerms([term])[0];
            if (terms.Length <= 1)
            {
                return terms.Length == 0 ? 0 : Math.Min(TermSegments(terms[0]), cap + 1);
            }

            if (_postings.TryGetValue((term, cap), out var known) && (known.Count <= cap || _deleted - known.DeletedAt < known.Count - cap))
            {
                return Math.Min(known.Count, cap + 1);
            }

            using var command = Command(
                "SELECT count(*) FROM (SELECT 1 FROM segments_fts WHERE segments_fts MATCH $q LIMIT $n)",
                ("$q", Quoted(term)), ("$n", 2L * cap + 1));
            var count = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (_postings.Count >= MaxRememberedTerms)
            {
                _postings.Clear();
            }

            _postings[(term, cap)] = (count, _deleted);
            return Math.Min(count, cap + 1);
        }
    }

    /// <summary>A bare token as an FTS5 phrase: quoted, its own quotes dropped, so no user text is read as query syntax.</summary>
    private static string Quoted(string token) => "\"" + token.Replace("\"", "", StringComparison.Ordinal) + "\"";

    private HashSet<string> ScopesInIndex()
    {
        using var command = Command("SELECT DISTINCT scope FROM files");
        using var reader = command.ExecuteReader();
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            scopes.Add(reader.GetString(0));
        }

        return scopes;
    }
}
