namespace Carapace.Channels.CrabCallr.Connection;

/// <summary>The original plugin's reconnect delay: <c>interval × 1.5^(attempt−1) + jitter (0–1 s)</c>, at most 60 s.</summary>
internal static class ReconnectBackoff
{
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (1-based); <paramref name="jitter"/> is in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan interval, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 64);
        var ms = (interval.TotalMilliseconds * Math.Pow(1.5, exponent)) + (Math.Clamp(jitter, 0, 1) * 1000);
        return ms >= Cap.TotalMilliseconds ? Cap : TimeSpan.FromMilliseconds(ms);
    }
}
