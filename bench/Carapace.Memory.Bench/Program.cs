using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Bench.Speed;
using Carapace.Memory.Chunking;
using Carapace.Memory.Search;

// Timed harness for the memory index (issue 3). Usage:
//   locomo <path/to/locomo10.json> [conversations] [segmentTokens] [--dialog-only]   LoCoMo evidence recall
//   speed [chunks...]                                 search latency, indexing throughput, size on disk
var command = args.FirstOrDefault() ?? "";
return command switch
{
    "locomo" when args.Length >= 2 => await LocomoRun.RunAsync(
        args[1],
        args.Length > 2 ? int.Parse(args[2]) : int.MaxValue,
        new MemorySearchOptions { Chunking = new ChunkingOptions { SegmentTokens = args.Length > 3 ? int.Parse(args[3]) : new ChunkingOptions().SegmentTokens } },
        args.Contains("--dialog-only"),
        Console.Out,
        CancellationToken.None),
    "speed" => await SpeedRun.RunAsync(args.Skip(1).Select(int.Parse).DefaultIfEmpty(10_000).ToArray(), Console.Out, CancellationToken.None),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Carapace.Memory.Bench locomo <locomo10.json> [conversations] | speed [chunks ...]");
    return 2;
}
