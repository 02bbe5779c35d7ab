using Carapace.Memory.Tools;

namespace Carapace.Memory.Tests.Tools;

public sealed class MemoryStartupContextTests
{
    [Fact]
    public async Task BuildAsync_TodayAndYesterday_AreIncludedAndBounded()
    {
        await using var f = await MemoryFixture.CreateAsync(d =>
        {
            d.File("memory/2026-03-29.md", "- too old\n");
            d.File("memory/2026-03-30.md", "- yesterday " + new string('y', 5000) + "\n");
            d.File("memory/2026-03-31.md", "- today note\n");
        });

        var text = await f.Memory.StartupContextAsync(Scopes.OwnerDirect, CancellationToken.None);

        Assert.Contains("today note", text, StringComparison.Ordinal);
        Assert.Contains("memory/2026-03-30.md (yesterday)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("too old", text, StringComparison.Ordinal);
        Assert.True(text.Length <= MemoryStartupContext.MaxTotalChars + 40, $"length {text.Length}");
        Assert.True(text.Count(c => c == 'y') < MemoryStartupContext.MaxFileChars + 20);
    }

    [Fact]
    public async Task BuildAsync_GroupOrStranger_IsEmpty()
    {
        await using var f = await MemoryFixture.CreateAsync(d => d.File("memory/2026-03-31.md", "- CANARY\n"));

        Assert.Equal("", await f.Memory.StartupContextAsync(Scopes.OwnerInGroup, CancellationToken.None));
        Assert.Equal("", await f.Memory.StartupContextAsync(Scopes.Stranger, CancellationToken.None));
    }
}
