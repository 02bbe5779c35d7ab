using Carapace.Memory.Bench.Facts;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Bench.Speed;
using Carapace.Memory.Bench.Static;
using Carapace.Memory.Chunking;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Search;

// Timed harness for the memory index (issue 3). Usage:
//   locomo <path/to/locomo10.json> [conversations] [segmentTokens] [--dialog-only] [--model=minilm|arctic-xs|arctic-xs-static] [--context=n]   LoCoMo evidence recall
//          [--keep=dir] (reuse workspaces+indexes kept there) [--variants=default,w0.5,...] (see LocomoVariants)
//   facts-speed [facts...]                           automatic memory: recall latency, capture throughput, file size
//   facts-locomo <path/to/locomo10.json>              automatic memory: recall@k with the gold observations as facts
//   vector-recall <path/to/locomo10.json> [cache]     sign-code candidates vs exact neighbours on real embeddings
//   vector-speed [vectors]                            the vector leg alone on synthetic embeddings: p50/p95 and recall@10 of exact
//   speed [chunks...]                                 search latency, indexing throughput, size on disk
//                                                     (SKIP_THROUGHPUT=1 skips the slow throughput part;
//                                                     --keep=DIR builds each size's index once under DIR and reuses it)
//   static                                            static model: distillation time, table size, encoding and indexing speed
//   static-recipes <locomo10.json>                    static model: LoCoMo dialog recall per distillation recipe
var command = args.FirstOrDefault() ?? "";
return command switch
{
    "locomo" when args.Length >= 2 => await LocomoRun.RunAsync(
        args[1],
        args.Length > 2 ? int.Parse(args[2]) : int.MaxValue,
        new MemorySearchOptions
        {
            Chunking = new ChunkingOptions
            {
                SegmentTokens = args.Length > 3 && int.TryParse(args[3], out var s) ? s : new ChunkingOptions().SegmentTokens,
                SegmentContext = args.FirstOrDefault(a => a.StartsWith("--context=", StringComparison.Ordinal)) is { } c ? int.Parse(c["--context=".Length..]) : new ChunkingOptions().SegmentContext,
            },
            Embeddings = new EmbeddingOptions
            {
                Model = args.FirstOrDefault(a => a.StartsWith("--model=", StringComparison.Ordinal))?["--model=".Length..],
                ModelCacheDirectory = Path.Combine(Path.GetTempPath(), "carapace-bench-models"),
            },
        },
        args.Contains("--dialog-only"),
        Option("--keep="),
        LocomoVariants.Parse(Option("--variants=")),
        Console.Out,
        CancellationToken.None),
    "vector-recall" when args.Length >= 2 => await VectorRecallRun.RunAsync(args[1], args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "carapace-vector-recall"), Console.Out, CancellationToken.None),
    "vector-speed" => await VectorSpeedRun.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 932_859, Console.Out, CancellationToken.None),
    "facts-speed" => await FactsSpeedRun.RunAsync(args.Skip(1).Select(int.Parse).DefaultIfEmpty(1_000).ToArray(), Console.Out, CancellationToken.None),
    "facts-locomo" when args.Length >= 2 => await FactsLocomoRun.RunAsync(args[1], Console.Out, CancellationToken.None),
    "static" => await StaticRun.RunAsync(Console.Out, CancellationToken.None),
    "static-recipes" when args.Length >= 2 => await StaticRun.RecipesAsync(args[1], Console.Out, CancellationToken.None),
    "speed" => await SpeedRun.RunAsync(
        args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).DefaultIfEmpty(10_000).ToArray(),
        args.FirstOrDefault(a => a.StartsWith("--keep=", StringComparison.Ordinal))?["--keep=".Length..],
        Console.Out,
        CancellationToken.None),
    _ => Usage(),
};

string? Option(string prefix) => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

static int Usage()
{
    Console.Error.WriteLine("usage: Carapace.Memory.Bench locomo <locomo10.json> [conversations] | speed [chunks ...]");
    return 2;
}
