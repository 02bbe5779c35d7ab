namespace Carapace.Agent.Models;

/// <summary>The exponential backoff with jitter between attempts, kept pure so its curve can be tested as a table.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (0-based): <c>min(max, base·2^retry)</c> scaled by a jitter
    /// factor in [0.5, 1] taken from <paramref name="random01"/> in [0, 1), so synchronised clients spread out.
    /// </summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double random01)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Clamp(retry, 0, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        var jitter = 0.5 + (0.5 * Math.Clamp(random01, 0, 1));
        return TimeSpan.FromTicks((long)(ceiling * jitter));
    }
}
