using Microsoft.Extensions.Logging;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>Log lines of the static model: why a table is (re)built, distillation progress, and the result.</summary>
internal static partial class StaticEmbeddingLog
{
    [LoggerMessage(1, LogLevel.Information, "Static embedding table {Path} is not usable ({Reason}); distilling it from {Model}, about a minute on 2 cores")]
    public static partial void Distilling(ILogger logger, string path, string reason, string model);

    [LoggerMessage(2, LogLevel.Information, "Distilling static embeddings: {Done}/{Total} tokens")]
    public static partial void Progress(ILogger logger, int done, int total);

    [LoggerMessage(3, LogLevel.Information, "Static embedding table {Path} written: {Tokens} tokens × {Dimensions} dims in {Seconds:0.0} s")]
    public static partial void Distilled(ILogger logger, string path, int tokens, int dimensions, double seconds);
}
