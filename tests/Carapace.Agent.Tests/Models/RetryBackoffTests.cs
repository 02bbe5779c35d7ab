using Carapace.Agent.Models;

namespace Carapace.Agent.Tests.Models;

public sealed class RetryBackoffTests
{
    public static TheoryData<int, double, double, double, double> Rows => new()
    {
        // retry, base s, max s, random, expected s
        { 0, 1, 30, 1.0, 1 },
        { 0, 1, 30, 0.0, 0.5 },
        { 1, 1, 30, 1.0, 2 },
        { 3, 1, 30, 1.0, 8 },
        { 5, 1, 30, 1.0, 30 },
        { 5, 1, 30, 0.0, 15 },
        { 1000, 1, 30, 1.0, 30 },
        { -4, 1, 30, 1.0, 1 },
        { 2, 0, 30, 1.0, 0 },
        { 2, 1, 0, 1.0, 0 },
        { 0, 1, 30, 7.0, 1 },
        { 0, 1, 30, -3.0, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Delay_Table_DoublesUpToTheCapWithJitter(int retry, double baseSeconds, double maxSeconds, double random, double expectedSeconds)
    {
        var delay = RetryBackoff.Delay(retry, TimeSpan.FromSeconds(baseSeconds), TimeSpan.FromSeconds(maxSeconds), random);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 6);
    }
}
