using Carapace.Memory.Files;

namespace Carapace.Memory.Tests.Files;

public sealed class MemoryPathTests
{
    [Theory]
    [InlineData("MEMORY.md", "MEMORY.md")]
    [InlineData("memory.md", "memory.md")]
    [InlineData("memory/2026-01-31.md", "memory/2026-01-31.md")]
    [InlineData("memory/projects/carapace.md", "memory/projects/carapace.md")]
    [InlineData("memory\\2026-01-31.md", "memory/2026-01-31.md")]
    [InlineData("memory//x.md", "memory/x.md")]
    [InlineData(" MEMORY.md ", "MEMORY.md")]
    public void Validate_MemoryPaths_AreAccepted(string input, string expected)
    {
        var (path, error) = MemoryPath.Validate(input);
        Assert.Null(error);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("../etc/passwd", "'..'")]
    [InlineData("memory/../../secret.md", "'..'")]
    [InlineData("memory/./x.md", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("/root/.carapace/workspace/MEMORY.md", "absolute")]
    [InlineData("C:\\Windows\\x.md", "absolute")]
    [InlineData("memory/notes.txt", "not a markdown")]
    [InlineData("memory/2026-01-31.md.bak", "not a markdown")]
    [InlineData("SOUL.md", "not a memory file")]
    [InlineData("memoryx/a.md", "not a memory file")]
    [InlineData("memory", "not a markdown")]
    [InlineData("memory/a\0.md", "NUL")]
    public void Validate_HostilePaths_AreRefusedWithReason(string input, string reason)
    {
        var (path, error) = MemoryPath.Validate(input);
        Assert.Null(path);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory/2026-01-31.md", "2026-01-31")]
    [InlineData("memory/2026-01-31-standup.md", "2026-01-31")]
    [InlineData("memory/archive/2025-12-01.md", "2025-12-01")]
    [InlineData("MEMORY.md", null)]
    [InlineData("memory/people.md", null)]
    [InlineData("memory/2026-13-45.md", null)]
    [InlineData("sessions/2026-01-31.md", null)]
    public void DateOf_Table_FindsDatedLogsOnly(string path, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MemoryPath.DateOf(path));
}
