using Carapace.Memory.Search;

namespace Carapace.Memory.Tests.Search;

public sealed class TemporalDecayTests
{
    private static readonly DateOnly Today = new(2026, 3, 31);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(-5, 1.0)] // a date in the future counts as today
    public void Factor_DatedLog_HalvesEveryHalfLife(int ageDays, double expected) =>
        Assert.Equal(expected, TemporalDecay.Factor(Today.AddDays(-ageDays), Today, 30), 6);

    [Fact]
    public void Factor_Evergreen_NeverDecays() => Assert.Equal(1.0, TemporalDecay.Factor(null, Today, 30));
}
