namespace Carapace.Memory.Index;

/// <summary>
/// BM25 computed here instead of by FTS5, over the postings FTS5 itself holds. FTS5 scores a match through its
/// auxiliary-function interface at about 2 µs a row, so a query whose terms have a few thousand postings spent ~10 ms
/// in bm25() (docs/benchmarks.md); reading the same postings through an fts5vocab table and scoring them in memory costs
/// about a sixth of that. The numbers are FTS5's own: its tokenizer (the query is tokenized by an FTS5 table of the same
/// definition), its row count and token total (the averages record), each row's token count (its docsize rows, kept in
/// memory), and its formula (k1 1.2, b 0.75, idf floored at 1e-6, phrases matched by position), so a rank equals
/// what <c>bm25(segments_fts)</c> returns.
/// </summary>
internal sealed partial class MemoryIndexStore
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>The most postings remembered across searches (about 12 bytes each).</summary>
    private const int MaxRememberedPostings = 1_000_000;

    /// <summary>
    /// Segments written with no keyword read in between after which the in-memory statistics are dropped rather than
    /// kept: keeping them costs about a quarter of a bulk indexing run's write time, and reading them again once, when
    /// the sync ends or at the next search, costs far less.
    /// </summary>
    private const int BulkWriteSegments = 2_000;

    /// <summary>Each segment's token count and scope (a value of <see cref="_scopeIds"/>); loaded on first use, kept on writes.</summary>
    private Dictionary<long, (int Tokens, int Scope)>? _segmentStats;
    private readonly Dictionary<string, int> _scopeIds = new(StringComparer.Ordinal);

    /// <summary>How many segments hold each term (FTS5's document frequency), loaded on first use and kept exact on writes.</summary>
    private Dictionary<string, int>? _termSegments;
    private readonly Dictionary<string, string[]> _tokenTerms = new(StringComparer.Ordinal);
    /// <summary>Remembered postings by term; <c>Postings</c> null when the term had more than <c>Over</c>.</summary>
    private readonly Dictionary<string, (TermPostings? Postings, int Over)> _termPostings = new(StringComparer.Ordinal);
    private long _termPostingsSize;
    private bool _termTables;
    private int _writtenSinceRead;

    /// <summary>
    /// Loads what keyword search keeps in memory — each segment's token count and scope, each term's segment count — so
    /// the first search after opening or a bulk sync does not (about 2.6 s at 933k segments on 2 cores).
    /// </summary>
    public void LoadKeywordStatistics()
    {
        lock (_gate)
        {
            SegmentStats();
            TermCounts();
        }
    }

    /// <summary>
    /// The BM25 matches of <paramref name="phrases"/> (every one of them when <paramref name="all"/>, else any) among
    /// segments of <paramref name="scopes"/>, the best <paramref name="limit"/> first, ranked as FTS5 ranks (negative,
    /// lower is better). Null when a term has more than <paramref name="maxPostings"/> postings: the caller then lets
    /// FTS5 answer instead.
    /// </summary>
    public List<(long SegmentId, double Rank)>? Ranked(IReadOnlyList<string> phrases, bool all, IReadOnlyCollection<string> scopes, int limit, int maxPostings)
    {
        if (phrases.Count == 0 || limit <= 0)
        {
            return [];
        }

        lock (_gate)
        {
            var segmentStats = SegmentStats();
            var terms = PhraseTerms(phrases);
            var postings = new Dictionary<string, TermPostings>(StringComparer.Ordinal);
            foreach (var term in terms.SelectMany(t => t))
            {
                if (TermPostingsOf(term, maxPostings) is not { } found)
                {
                    return null;
                }

                postings[term] = found;
            }

            var (rows, tokens) = Totals();
            var average = rows > 0 ? (double)tokens / rows : 1;
            var frequencies = terms.ConvertAll(t => PhraseFrequencies(t, postings));
            var idf = frequencies.ConvertAll(f => Idf(rows, f.Count));
            var allowed = new bool[_scopeIds.Count];
            foreach (var scope in scopes)
            {
                if (_scopeIds.TryGetValue(scope, out var id))
                {
                    allowed[id] = true;
                }
            }

            // Candidates: the rarest phrase's segments when all must match, else every segment of any phrase.
            var rarest = frequencies.MinBy(f => f.Count)!;
            var segments = all ? rarest.Keys : frequencies.SelectMany(f => f.Keys).Distinct();
            var best = new PriorityQueue<long, (double Rank, long Id)>(limit + 1, WorstFirst.Instance);
            foreach (var segment in segments)
            {
                // A segment FTS5 holds but the stats do not is never shown: its scope is unknown.
                if (!segmentStats.TryGetValue(segment, out var stats) || !allowed[stats.Scope])
                {
                    continue;
                }

                var score = 0.0;
                var missing = false;
                for (var i = 0; i < frequencies.Count && !missing; i++)
                {
                    if (frequencies[i].TryGetValue(segment, out var tf))
                    {
                        score += idf[i] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * stats.Tokens / average));
                    }
                    else
                    {
                        missing = all;
                    }
                }

                if (!missing)
                {
                    best.Enqueue(segment, (-score, segment));
                    if (best.Count > limit)
                    {
                        best.Dequeue();
                    }
                }
            }

            var ranked = new List<(long, double)>(best.Count);
            while (best.TryDequeue(out var segment, out var key))
            {
                ranked.Add((segment, key.Rank));
            }

            ranked.Reverse();
            return ranked;
        }
    }

    /// <summary>FTS5's idf: ln((N − n + 0.5) / (n + 0.5)), floored at 1e-6 for a term in most rows.</summary>
    private static double Idf(long rows, int hits)
    {
        var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
        return idf > 0 ? idf : 1e-6;
    }

    /// <summary>Adds the stats of segments just committed in <paramref name="scope"/>; nothing when the stats are not loaded yet.</summary>
    private void AddSegmentStats(IReadOnlyCollection<long> ids, string scope)
    {
        if (_segmentStats is null || ids.Count == 0)
        {
            return;
        }

        var scopeId = ScopeId(scope);
        using var command = Command("SELECT id, sz FROM segments_fts_docsize WHERE id IN (SELECT value FROM json_each($ids))", ("$ids", "[" + string.Join(',', ids) + "]"));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _segmentStats[reader.GetInt64(0)] = (FirstVarint((byte[])reader.GetValue(1)), scopeId);
        }
    }

    /// <summary>Drops the stats of segments just deleted.</summary>
    private void RemoveSegmentStats(IEnumerable<long> ids)
    {
        if (_segmentStats is null)
        {
            return;
        }

        foreach (var id in ids)
        {
            _segmentStats.Remove(id);
        }
    }

    private Dictionary<long, (int, int)> LoadSegmentStats()
    {
        using var command = Command("SELECT d.id, d.sz, c.scope FROM segments_fts_docsize d JOIN segments s ON s.id = d.id JOIN chunks c ON c.id = s.chunk_id");
        using var reader = command.ExecuteReader();
        var stats = new Dictionary<long, (int, int)>();
        while (reader.Read())
        {
            stats[reader.GetInt64(0)] = (FirstVarint((byte[])reader.GetValue(1)), ScopeId(reader.GetString(2)));
        }

        return stats;
    }

    private int ScopeId(string scope)
    {
        if (!_scopeIds.TryGetValue(scope, out var id))
        {
            _scopeIds[scope] = id = _scopeIds.Count;
        }

        return id;
    }

    /// <summary>The temporary tables this connection tokenizes queries with and reads postings through.</summary>
    private void EnsureTermTables()
    {
        if (_termTables)
        {
            return;
        }

        using var command = Command($"""
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_phrases USING fts5(text, content='', tokenize='{IndexSchema.Tokenizer}');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_terms USING fts5vocab(temp, 'query_phrases', 'instance');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_term_rows USING fts5vocab(temp, 'query_phrases', 'row');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.segment_terms USING fts5vocab(main, 'segments_fts', 'instance');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.segment_term_rows USING fts5vocab(main, 'segments_fts', 'row');
            """);
        command.ExecuteNonQuery();
        _termTables = true;
    }

    /// <summary>Each phrase's terms as FTS5 tokenizes it (lowercased, diacritics removed, Porter-stemmed; "a_b" is two terms), in order; remembered.</summary>
    private List<string[]> PhraseTerms(IReadOnlyList<string> phrases)
    {
        if (_tokenTerms.Count >= MaxRememberedTerms)
        {
            _tokenTerms.Clear();
        }

        var missing = phrases.Where(p => !_tokenTerms.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            foreach (var (phrase, terms) in missing.Zip(Tokenize(missing)))
            {
                _tokenTerms[phrase] = terms;
            }
        }

        return phrases.Select(p => _tokenTerms[p]).ToList();
    }

    /// <summary>The terms of each text, in order, through an FTS5 table with the segments' tokenizer.</summary>
    private List<string[]> Tokenize(IReadOnlyList<string> texts)
    {
        FillTokenizer(texts);
        var terms = texts.Select(_ => new List<string>()).ToList();
        using var command = Command("SELECT doc, term FROM temp.query_terms ORDER BY doc, offset");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            terms[(int)reader.GetInt64(0) - 1].Add(reader.GetString(1));
        }

        return terms.ConvertAll(t => t.ToArray());
    }

    /// <summary>Leaves exactly <paramref name="texts"/> (rowids 1..n) in the tokenizing table.</summary>
    private void FillTokenizer(IReadOnlyList<string> texts)
    {
        EnsureTermTables();
        using var clear = Command("INSERT INTO temp.query_phrases(query_phrases) VALUES ('delete-all')");
        clear.ExecuteNonQuery();
        using var insert = Command("INSERT INTO temp.query_phrases(rowid, text) SELECT key + 1, value FROM json_each($p)", ("$p", System.Text.Json.JsonSerializer.Serialize(texts)));
        insert.ExecuteNonQuery();
    }

    /// <summary>How many segments hold <paramref name="term"/> (one FTS5 term), from the kept counts.</summary>
    private int TermSegments(string term) => TermCounts().GetValueOrDefault(term);

    /// <summary>Each segment's token count and scope, read again if a bulk write dropped them; a read, so the writes after it keep them.</summary>
    private Dictionary<long, (int Tokens, int Scope)> SegmentStats()
    {
        _writtenSinceRead = 0;
        return _segmentStats ??= LoadSegmentStats();
    }

    /// <summary>Each term's segment count, read again if a bulk write dropped them; a read, so the writes after it keep them.</summary>
    private Dictionary<string, int> TermCounts()
    {
        _writtenSinceRead = 0;
        return _termSegments ??= LoadTermSegments();
    }

    private Dictionary<string, int> LoadTermSegments()
    {
        EnsureTermTables();
        using var command = Command("SELECT term, doc FROM temp.segment_term_rows");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    /// <summary>The texts of a file's segments, read before they are deleted, when term counts are kept.</summary>
    private List<string>? SegmentTextsOf(string path)
    {
        if (_termSegments is null)
        {
            return null;
        }

        using var command = Command("SELECT c.text, s.offset, s.length FROM segments s JOIN chunks c ON c.id = s.chunk_id WHERE c.path = $p", ("$p", path));
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0).Substring(reader.GetInt32(1), reader.GetInt32(2)));
        }

        return texts;
    }

    /// <summary>Brings the in-memory keyword state up to date after a committed write, or drops it during a bulk write.</summary>
    private void Committed(List<long> removed, List<string>? removedTexts, List<long> added, List<string>? addedTexts, string scope)
    {
        _writtenSinceRead += removed.Count + added.Count;
        if (_writtenSinceRead > BulkWriteSegments)
        {
            (_segmentStats, _termSegments) = (null, null);
            return;
        }

        RemoveSegmentStats(removed);
        AddSegmentStats(added, scope);
        CountTerms(removedTexts, -1);
        CountTerms(addedTexts, +1);
    }

    /// <summary>Adds (or takes away) each term's number of <paramref name="texts"/> holding it to the kept counts.</summary>
    private void CountTerms(List<string>? texts, int sign)
    {
        if (_termSegments is null || texts is null || texts.Count == 0)
        {
            return;
        }

        FillTokenizer(texts);
        using var command = Command("SELECT term, doc FROM temp.query_term_rows");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var term = reader.GetString(0);
            var count = _termSegments.GetValueOrDefault(term) + sign * reader.GetInt32(1);
            if (count > 0)
            {
                _termSegments[term] = count;
            }
            else
            {
                _termSegments.Remove(term);
            }
        }
    }

    /// <summary>
    /// Every (segment, token positions) of <paramref name="term"/>, segments ascending; null when it has more than
    /// <paramref name="max"/> postings. Remembered until the next write, so the strict and the loose query of one
    /// search, and searches sharing a rare word, read a term once.
    /// </summary>
    private TermPostings? TermPostingsOf(string term, int max)
    {
        if (_termPostings.TryGetValue(term, out var known))
        {
            if (known.Postings is not null)
            {
                return known.Postings.Offsets.Length <= max ? known.Postings : null;
            }

            if (known.Over >= max)
            {
                return null;
            }
        }

        EnsureTermTables();
        using var command = Command("SELECT doc, offset FROM temp.segment_terms WHERE term = $t LIMIT $n", ("$t", term), ("$n", max + 1L));
        using var reader = command.ExecuteReader();
        var segments = new List<long>();
        var starts = new List<int>();
        var offsets = new List<int>();
        while (reader.Read())
        {
            if (offsets.Count == max)
            {
                Remember(term, null, max);
                return null;
            }

            var segment = reader.GetInt64(0);
            if (segments.Count == 0 || segments[^1] != segment)
            {
                segments.Add(segment);
                starts.Add(offsets.Count);
            }

            offsets.Add(reader.GetInt32(1));
        }

        starts.Add(offsets.Count);
        var postings = new TermPostings([.. segments], [.. starts], [.. offsets]);
        Remember(term, postings, max);
        return postings;
    }

    private void Remember(string term, TermPostings? postings, int max)
    {
        if (_termPostingsSize > MaxRememberedPostings)
        {
            ForgetTermPostings();
        }

        _termPostings[term] = (postings, max);
        _termPostingsSize += postings?.Offsets.Length ?? 1;
    }

    private void ForgetTermPostings()
    {
        _termPostings.Clear();
        _termPostingsSize = 0;
    }

    /// <summary>How often the phrase occurs in each segment holding it: a start position followed by each next term in turn. An empty phrase occurs nowhere, as in FTS5.</summary>
    private static Dictionary<long, int> PhraseFrequencies(string[] terms, Dictionary<string, TermPostings> postings)
    {
        var frequencies = new Dictionary<long, int>();
        if (terms.Length == 0)
        {
            return frequencies;
        }

        var first = postings[terms[0]];
        var rest = terms.Skip(1).Select(t => postings[t]).ToArray();
        for (var i = 0; i < first.Segments.Length; i++)
        {
            var count = rest.Length == 0 ? first.Count(i) : Occurrences(first.Positions(i), rest, first.Segments[i]);
            if (count > 0)
            {
                frequencies[first.Segments[i]] = count;
            }
        }

        return frequencies;
    }

    private static int Occurrences(ReadOnlySpan<int> starts, TermPostings[] rest, long segment)
    {
        var count = 0;
        foreach (var start in starts)
        {
            count += Follows(rest, segment, start) ? 1 : 0;
        }

        return count;
    }

    private static bool Follows(TermPostings[] rest, long segment, int start)
    {
        for (var k = 0; k < rest.Length; k++)
        {
            var at = Array.BinarySearch(rest[k].Segments, segment);
            if (at < 0 || rest[k].Positions(at).IndexOf(start + k + 1) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>FTS5's averages record: the row count and the token total it computes bm25 with.</summary>
    private (long Rows, long Tokens) Totals()
    {
        using var command = Command("SELECT block FROM segments_fts_data WHERE id = 1");
        if (command.ExecuteScalar() is not byte[] block)
        {
            return (0, 0);
        }

        var at = 0;
        var rows = Varint(block, ref at);
        return (rows, at < block.Length ? Varint(block, ref at) : 0);
    }

    private static int FirstVarint(byte[] bytes)
    {
        var at = 0;
        return bytes.Length == 0 ? 0 : (int)Varint(bytes, ref at);
    }

    /// <summary>An SQLite varint: big-endian groups of 7 bits with the high bit set on all but the last, the ninth byte whole.</summary>
    internal static long Varint(byte[] bytes, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 8 && at < bytes.Length; i++)
        {
            var b = bytes[at++];
            value = (value << 7) | (long)(b & 0x7f);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return at < bytes.Length ? (value << 8) | bytes[at++] : value;
    }

    /// <summary>One term's postings: segments ascending, and each segment's token positions at Offsets[Starts[i]..Starts[i + 1]].</summary>
    private sealed record TermPostings(long[] Segments, int[] Starts, int[] Offsets)
    {
        public int Count(int i) => Starts[i + 1] - Starts[i];

        public ReadOnlySpan<int> Positions(int i) => Offsets.AsSpan(Starts[i], Count(i));
    }

    /// <summary>Orders a bounded queue so its head is the worst kept match: the highest rank, then the highest id.</summary>
    private sealed class WorstFirst : IComparer<(double Rank, long Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Rank, long Id) x, (double Rank, long Id) y) =>
            x.Rank != y.Rank ? y.Rank.CompareTo(x.Rank) : y.Id.CompareTo(x.Id);
    }
}
