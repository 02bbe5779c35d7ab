using Carapace.Channels.CrabCallr.Connection;

namespace Carapace.Channels.CrabCallr.Tests.Connection;

public sealed class ReconnectBackoffTests
{
    [Theory]
    [InlineData(1, 5000, 0.0, 5000)]
    [InlineData(2, 5000, 0.0, 7500)]
    [InlineData(3, 5000, 0.5, 11750)]
    [InlineData(6, 5000, 0.999, 38967.75)]
    [InlineData(7, 5000, 0.0, 56953.125)]
    [InlineData(8, 5000, 0.0, 60000)]
    [InlineData(1000, 5000, 0.9, 60000)]
    [InlineData(0, 1000, 0.0, 1000)]
    [InlineData(-5, 1000, 2.0, 2000)]
    public void Delay_Attempt_GrowsByHalfAndCapsAtSixtySeconds(int attempt, int intervalMs, double jitter, double expectedMs) =>
        Assert.Equal(expectedMs, ReconnectBackoff.Delay(attempt, TimeSpan.FromMilliseconds(intervalMs), jitter).TotalMilliseconds, precision: 3);
}
