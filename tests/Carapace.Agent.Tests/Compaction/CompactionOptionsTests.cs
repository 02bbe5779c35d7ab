using Carapace.Agent.Compaction;
using Carapace.Core.Config;

namespace Carapace.Agent.Tests.Compaction;

public sealed class CompactionOptionsTests
{
    [Fact]
    public void Bind_Absent_UsesOpenClawDefaults()
    {
        var doc = ConfigDocument.Empty("carapace.json");

        var options = CompactionOptions.Bind(doc.Root["compaction"]);

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(new CompactionOptions(), options);
        Assert.Equal((20_000, 20_000, true, 4_000), (options.ReserveTokens, options.KeepRecentTokens, options.MemoryFlush.Enabled, options.MemoryFlush.SoftThresholdTokens));
    }

    [Fact]
    public void Bind_AllKeys_AreReadAndKnown()
    {
        var doc = ConfigDocument.Parse(
            "{ compaction: { reserveTokens: 8000, keepRecentTokens: 6000, memoryFlush: { enabled: false, softThresholdTokens: 1000 } } }", "c.json5");

        var options = CompactionOptions.Bind(doc.Root["compaction"]);
        doc.ReportUnknownKeys();

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(new CompactionOptions { ReserveTokens = 8000, KeepRecentTokens = 6000, MemoryFlush = new MemoryFlushOptions { Enabled = false, SoftThresholdTokens = 1000 } }, options);
    }

    [Theory]
    [InlineData("{ compaction: { reserveTokens: -1 } }", "compaction.reserveTokens")]
    [InlineData("{ compaction: { keepRecentTokens: 'lots' } }", "compaction.keepRecentTokens")]
    [InlineData("{ compaction: { memoryFlush: { enabled: 'yes' } } }", "compaction.memoryFlush.enabled")]
    [InlineData("{ compaction: { memoryFlush: { softThresholdTokens: 1.5 } } }", "compaction.memoryFlush.softThresholdTokens")]
    [InlineData("{ compaction: { memoryFlush: { sofThresholdTokens: 10 } } }", "compaction.memoryFlush.sofThresholdTokens")]
    public void Bind_BadValue_ErrorNamesTheKeyAndKeepsTheDefault(string json, string path)
    {
        var doc = ConfigDocument.Parse(json, "c.json5");

        var options = CompactionOptions.Bind(doc.Root["compaction"]);
        doc.ReportUnknownKeys();

        Assert.Contains(doc.Diagnostics, d => d.Path == path);
        Assert.Equal(20_000, options.ReserveTokens);
        Assert.Equal(20_000, options.KeepRecentTokens);
    }

    [Theory]
    [InlineData(200_000, 180_000, 176_000, 20_000)] // OpenClaw default window
    [InlineData(32_768, 24_576, 20_576, 12_288)] // OpenClaw's worked example: reserve capped at 25% (8192)
    [InlineData(8_000, 6_000, 2_000, 6_000 / 2)]
    [InlineData(1_000, 750, 0, 375)]
    public void BudgetFor_Window_MatchesOpenClawThresholds(int window, int compactAt, int flushAt, int keep)
    {
        var budget = new CompactionOptions().BudgetFor(window);

        Assert.Equal((compactAt, flushAt, keep), (budget.CompactAt, budget.FlushAt, budget.KeepRecent));
    }

    [Fact]
    public void BudgetFor_FlushDisabled_NeverFlushesEarly() =>
        Assert.Equal(int.MaxValue, new CompactionOptions { MemoryFlush = new MemoryFlushOptions { Enabled = false } }.BudgetFor(200_000).FlushAt);
}
