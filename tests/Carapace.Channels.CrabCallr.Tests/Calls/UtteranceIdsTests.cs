using Carapace.Channels.CrabCallr.Calls;

namespace Carapace.Channels.CrabCallr.Tests.Calls;

public sealed class UtteranceIdsTests
{
    [Theory]
    [InlineData(1, 1, "oc_001_001")]
    [InlineData(4, 2, "oc_004_002")]
    [InlineData(999, 999, "oc_999_999")]
    [InlineData(1000, 12, "oc_1000_012")]
    public void Format_TurnAndIndex_PadsToThreeDigits(int turn, int index, string expected) =>
        Assert.Equal(expected, UtteranceIds.Format(turn, index));

    [Fact]
    public void OutOfBand_UnixMilliseconds_UsesExtPrefix() =>
        Assert.Equal("oc_ext_1767225600000", UtteranceIds.OutOfBand(1767225600000));
}
