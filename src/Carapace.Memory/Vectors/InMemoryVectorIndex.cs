using System.Buffers;
using System.Numerics.Tensors;

namespace Carapace.Memory.Vectors;

/// <summary>
/// Search over one contiguous float array with SIMD dot products, split across cores. Below
/// <see cref="VectorScanOptions.ExactBelow"/> searchable vectors every one is scored exactly; above it a sign-code
/// Hamming scan (<see cref="SignCodes"/>) keeps the best few percent, a one-byte copy of each vector
/// (<see cref="Int8Rows"/>) ranks those, and only the best few per result are scored exactly, so 800k vectors cost a
/// few milliseconds instead of tens.
/// </summary>
public sealed class InMemoryVectorIndex(int dimensions, VectorScanOptions? scan = null) : IVectorIndex
{
    private const int ParallelThreshold = 10_000;

    /// <summary>How many candidates ahead the shortlist asks for rows.</summary>
    private const int PrefetchAhead = 8;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Dictionary<string, int> _scopeIds = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private readonly List<int> _scopeCounts = [];
    private readonly SignCodes _codes = new(dimensions);
    private readonly Int8Rows _rows = new(dimensions);
    private readonly VectorScanOptions _scan = scan ?? new VectorScanOptions();
    private float[] _data = new float[dimensions * 1024];
    private long[] _ids = new long[1024];
    private int[] _scopes = new int[1024];
    private int[] _blockScopes = Enumerable.Repeat(-1, 1024 / SignCodes.Block).ToArray();
    private int _slots;

    /// <summary>The vector size this index holds.</summary>
    public int Dimensions { get; } = dimensions;

    /// <summary>How many vectors are stored.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotOf.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask UpsertAsync(IReadOnlyList<VectorEntry> entries, CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try
        {
            var touched = new List<int>(entries.Count);
            foreach (var entry in entries)
            {
                if (entry.Vector.Length != Dimensions)
                {
                    throw new ArgumentException($"vector {entry.Id} has {entry.Vector.Length} dimensions; this index holds {Dimensions}", nameof(entries));
                }

                if (!_slotOf.TryGetValue(entry.Id, out var slot))
                {
                    slot = _free.Count > 0 ? _free.Pop() : NewSlot();
                    _slotOf[entry.Id] = slot;
                }

                else
                {
                    _scopeCounts[_scopes[slot]]--;
                }

                if (!_scopeIds.TryGetValue(entry.Scope, out var scopeId))
                {
                    _scopeIds[entry.Scope] = scopeId = _scopeIds.Count;
                    _scopeCounts.Add(0);
                }

                _ids[slot] = entry.Id;
                _scopes[slot] = scopeId;
                _scopeCounts[scopeId]++;
                entry.Vector.CopyTo(_data.AsSpan(slot * Dimensions, Dimensions));
                touched.Add(slot);
            }

            UpdateCodes(touched);
            RefreshBlockScopes(touched);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (_slotOf.Remove(id, out var slot))
                {
                    _scopeCounts[_scopes[slot]]--;
                    _scopes[slot] = -1;
                    _free.Push(slot);
                    _blockScopes[slot / SignCodes.Block] = -1;
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<VectorHit>> SearchAsync(ReadOnlyMemory<float> query, int limit, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"query has {query.Length} dimensions; this index holds {Dimensions}", nameof(query));
        }

        _lock.EnterReadLock();
        try
        {
            var allowed = new bool[_scopeIds.Count];
            var searchable = 0;
            foreach (var scope in scopes)
            {
                if (_scopeIds.TryGetValue(scope, out var id) && !allowed[id])
                {
                    allowed[id] = true;
                    searchable += _scopeCounts[id];
                }
            }

            if (limit <= 0 || searchable == 0)
            {
                return ValueTask.FromResult<IReadOnlyList<VectorHit>>([]);
            }

            var candidates = searchable < _scan.ExactBelow || _codes.CentredOn == 0
                ? null
                : Candidates(query.Span, Math.Max(limit, Math.Max(_scan.MinCandidates, (int)Math.Ceiling(searchable * _scan.CandidateFraction))), allowed, cancellationToken);
            if (candidates is not null && _scan.ExactPerResult > 0 && candidates.Length > limit * _scan.ExactPerResult)
            {
                candidates = Shortlist(query.Span, candidates, limit * _scan.ExactPerResult, cancellationToken);
            }

            var total = candidates?.Length ?? _slots;
            var parts = total >= ParallelThreshold ? Environment.ProcessorCount : 1;
            var partial = new List<VectorHit>[parts];
            var size = (total + parts - 1) / parts;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = cancellationToken }, p =>
                partial[p] = TopK(query.Span, p * size, Math.Min(total, (p + 1) * size), candidates, limit, allowed));
            IReadOnlyList<VectorHit> merged = partial.SelectMany(h => h).OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(limit).ToList();
            return ValueTask.FromResult(merged);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    /// <summary>Scores slots <paramref name="from"/>..<paramref name="to"/> (positions in <paramref name="candidates"/> when given) and keeps the best.</summary>
    private List<VectorHit> TopK(ReadOnlySpan<float> query, int from, int to, int[]? candidates, int limit, bool[] allowed)
    {
        var heap = new PriorityQueue<VectorHit, float>(limit + 1);
        for (var i = from; i < to; i++)
        {
            var slot = candidates is null ? i : candidates[i];
            var scope = _scopes[slot];
            if (scope < 0 || !allowed[scope])
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, _data.AsSpan(slot * Dimensions, Dimensions));
            if (heap.Count < limit)
            {
                heap.Enqueue(new VectorHit(_ids[slot], score), score);
            }
            else if (score > heap.Peek().Score)
            {
                heap.EnqueueDequeue(new VectorHit(_ids[slot], score), score);
            }
        }

        var list = new List<VectorHit>(heap.Count);
        while (heap.Count > 0)
        {
            list.Add(heap.Dequeue());
        }

        return list;
    }

    /// <summary>
    /// The <paramref name="count"/> allowed slots whose sign codes are nearest the query's: every distance is computed
    /// with a histogram, and <see cref="HammingSelection"/> collects the slots under the cut-off.
    /// </summary>
    private int[] Candidates(ReadOnlySpan<float> query, int count, bool[] allowed, CancellationToken cancellationToken)
    {
        var code = new byte[_codes.Bytes];
        _codes.Code(query, code);
        var distances = ArrayPool<ushort>.Shared.Rent(SignCodes.WholeBlocks(_slots));
        try
        {
            var parts = _slots >= ParallelThreshold ? Math.Clamp(_scan.ScanParts, 1, Environment.ProcessorCount) : 1;
            var sampleEvery = _slots >= _scan.SampledAbove ? Math.Max(1, _scan.SampleEvery) : 1;
            var histograms = new int[parts][];
            var size = SignCodes.WholeBlocks((_slots + parts - 1) / parts);
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = cancellationToken }, p =>
                _codes.Distances(p * size, Math.Min(_slots, (p + 1) * size), code, _scopes, allowed, distances, histograms[p] = new int[Dimensions + 1], sampleEvery: sampleEvery, blockScopes: _blockScopes));
            if (sampleEvery == 1)
            {
                return HammingSelection.Nearest(distances, _slots, histograms, size, count, cancellationToken);
            }

            var sample = new int[Dimensions + 1];
            foreach (var histogram in histograms)
            {
                TensorPrimitives.Add(sample, histogram, sample);
            }

            return HammingSelection.NearestSampled(distances, _slots, sample, sampleEvery, count, cancellationToken);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    /// <summary>The <paramref name="count"/> <paramref name="candidates"/> that score best on their one-byte rows.</summary>
    private int[] Shortlist(ReadOnlySpan<float> query, int[] candidates, int count, CancellationToken cancellationToken)
    {
        var quantized = _rows.Query(query);
        var parts = candidates.Length >= ParallelThreshold ? Math.Clamp(_scan.ScanParts, 1, Environment.ProcessorCount) : 1;
        var heaps = new PriorityQueue<int, float>[parts];
        var size = (candidates.Length + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = cancellationToken }, p =>
        {
            var heap = heaps[p] = new PriorityQueue<int, float>(count + 1);
            var end = Math.Min(candidates.Length, (p + 1) * size);
            for (var i = p * size; i < end; i++)
            {
                if (i + PrefetchAhead < end)
                {
                    _rows.Prefetch(candidates[i + PrefetchAhead]);
                }

                var slot = candidates[i];
                var score = _rows.Score(quantized, slot);
                if (heap.Count < count)
                {
                    heap.Enqueue(slot, score);
                }
                else if (heap.TryPeek(out _, out var worst) && score > worst)
                {
                    heap.EnqueueDequeue(slot, score);
                }
            }
        });

        return heaps.SelectMany(h => h.UnorderedItems).OrderByDescending(e => e.Priority).ThenBy(e => e.Element).Take(count).Select(e => e.Element).ToArray();
    }

    /// <summary>Keeps sign codes and one-byte rows once the index is large enough to use them, re-centring whenever it has doubled.</summary>
    private void UpdateCodes(List<int> touched)
    {
        var live = _slotOf.Count;
        if (live >= _scan.ExactBelow && (_codes.CentredOn == 0 || live >= 2 * _codes.CentredOn))
        {
            _codes.Centre(_data, _slots, _scopes, live);
            _rows.Grow(_slots);
            for (var slot = 0; slot < _slots; slot++)
            {
                _rows.Encode(slot, _data.AsSpan(slot * Dimensions, Dimensions), _codes.Mean);
            }

            return;
        }

        if (_codes.CentredOn > 0)
        {
            _codes.Grow(_slots);
            _rows.Grow(_slots);
            foreach (var slot in touched)
            {
                _codes.Encode(slot, _data.AsSpan(slot * Dimensions, Dimensions));
                _rows.Encode(slot, _data.AsSpan(slot * Dimensions, Dimensions), _codes.Mean);
            }
        }
    }

    /// <summary>Records, for each block holding a touched slot, the one scope all 64 of its slots have (−1 when they differ, are free or not all in use).</summary>
    private void RefreshBlockScopes(List<int> touched)
    {
        var blocks = SignCodes.WholeBlocks(_slots) / SignCodes.Block;
        if (_blockScopes.Length < blocks)
        {
            var known = _blockScopes.Length;
            Array.Resize(ref _blockScopes, Math.Max(blocks, known * 2));
            Array.Fill(_blockScopes, -1, known, _blockScopes.Length - known);
        }

        foreach (var block in touched.Select(slot => slot / SignCodes.Block).Distinct())
        {
            var first = block * SignCodes.Block;
            var scope = first + SignCodes.Block <= _slots ? _scopes[first] : -1;
            for (var slot = first + 1; slot < first + SignCodes.Block && scope >= 0; slot++)
            {
                scope = _scopes[slot] == scope ? scope : -1;
            }

            _blockScopes[block] = scope;
        }
    }

    private int NewSlot()
    {
        if (_slots == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _scopes, _scopes.Length * 2);
            Array.Resize(ref _data, _data.Length * 2);
        }

        return _slots++;
    }
}
