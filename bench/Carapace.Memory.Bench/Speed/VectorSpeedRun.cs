using System.Diagnostics;
using System.Numerics.Tensors;
using Carapace.Memory.Vectors;

namespace Carapace.Memory.Bench.Speed;

/// <summary>
/// The vector leg alone, in memory, with no SQLite: <c>vector-speed [vectors]</c> fills an <see cref="InMemoryVectorIndex"/>
/// with synthetic embeddings (a shared direction plus noise, unit length, as real embeddings have), then times 200
/// searches for queries near stored vectors and compares their hits with an exact scan (recall@10 of exact).
/// </summary>
internal static class VectorSpeedRun
{
    private const int Dimensions = 384;
    private const int Queries = 200;
    private const int Limit = 24;

    public static async Task<int> RunAsync(int vectors, TextWriter output, CancellationToken cancellationToken)
    {
        var random = new Random(11);
        var common = Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble()).ToArray());
        var topics = Enumerable.Range(0, 512).Select(_ => Unit(Noise(random, 1f))).ToArray();
        float[] Sample()
        {
            var v = Noise(random, 0.55f);
            TensorPrimitives.Add(v, topics[random.Next(topics.Length)], v);
            TensorPrimitives.MultiplyAdd(common, 0.8f, v, v);
            return Unit(v);
        }

        using var index = new InMemoryVectorIndex(Dimensions);
        var started = Stopwatch.StartNew();
        const int Batch = 4096;
        var stored = new List<float[]>(vectors);
        for (var start = 0; start < vectors; start += Batch)
        {
            var entries = new List<VectorEntry>();
            for (var i = start; i < Math.Min(vectors, start + Batch); i++)
            {
                var v = Sample();
                stored.Add(v);
                entries.Add(new VectorEntry(i, "main", v));
            }

            await index.UpsertAsync(entries, cancellationToken);
        }

        output.WriteLine($"nproc {Environment.ProcessorCount}, {DateTime.UtcNow:yyyy-MM-dd}, kernel {SignCodes.Best}, {new VectorScanOptions().ScanParts} scan part(s): {vectors} vectors filled in {started.Elapsed.TotalSeconds:F1} s");
        var queries = Enumerable.Range(0, Queries * 2).Select(_ =>
        {
            var q = Noise(random, 0.6f);
            TensorPrimitives.Add(q, stored[random.Next(stored.Count)], q);
            return Unit(q);
        }).ToArray();
        string[] scopes = ["main"];
        foreach (var q in queries.Take(Queries))
        {
            await index.SearchAsync(q, Limit, scopes, cancellationToken); // warm-up
        }

        var times = new List<double>();
        var recall = 0.0;
        foreach (var q in queries.Skip(Queries))
        {
            var t0 = Stopwatch.GetTimestamp();
            var hits = await index.SearchAsync(q, Limit, scopes, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            var exact = Exact(q, stored);
            recall += hits.Take(10).Count(h => exact.Contains(h.Id)) / 10.0;
        }

        times.Sort();
        output.WriteLine($"vector search, limit {Limit}: p50 {times[times.Count / 2]:F2} / p95 {times[(int)(times.Count * 0.95)]:F2} ms; recall@10 of exact {recall / Queries:F3}");
        return 0;
    }

    private static HashSet<long> Exact(float[] query, List<float[]> stored)
    {
        var best = new PriorityQueue<long, float>(11);
        for (var i = 0; i < stored.Count; i++)
        {
            var score = TensorPrimitives.Dot(query, stored[i]);
            if (best.Count < 10)
            {
                best.Enqueue(i, score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.EnqueueDequeue(i, score);
            }
        }

        return best.UnorderedItems.Select(e => e.Element).ToHashSet();
    }

    private static float[] Noise(Random random, float scale)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return v;
    }

    private static float[] Unit(float[] v)
    {
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
