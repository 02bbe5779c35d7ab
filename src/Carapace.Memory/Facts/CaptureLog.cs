using Microsoft.Extensions.Logging;

namespace Carapace.Memory.Facts;

/// <summary>The log lines of automatic memory.</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(1, LogLevel.Information, "Memory capture job {Id}: {Count} fact change(s) applied to {Owner}")]
    public static partial void Applied(ILogger logger, long id, int count, string owner);

    [LoggerMessage(2, LogLevel.Warning, "Memory capture job {Id}, attempt {Attempt} failed: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, long id, int attempt, string reason);

    [LoggerMessage(3, LogLevel.Error, "Memory capture job {Id} skipped after retrying: {Reason}")]
    public static partial void Skipped(ILogger logger, long id, string reason);

    [LoggerMessage(4, LogLevel.Error, "Memory capture could not read or finish its queue; pending jobs are retried on the next capture")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
