using Carapace.Memory.Files;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests.Files;

public sealed class MemoryWorkspaceTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AppendAsync_Daily_UsesTheUserTimeZoneDate()
    {
        var tokyo = TimeZoneInfo.CreateCustomTimeZone("UTC+9", TimeSpan.FromHours(9), "UTC+9", "UTC+9");
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, tokyo);

        var (path, error) = await workspace.AppendAsync(Scopes.OwnerDirect, MemoryWriteTarget.Daily, "booked the dentist", CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("memory/2026-03-02.md", path); // 23:30 UTC is already the next day in UTC+9
    }

    [Fact]
    public async Task AppendAsync_Twice_KeepsBothNeverOverwrites()
    {
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);
        _dir.File("MEMORY.md", "# Memory\n- existing line without newline");

        await workspace.AppendAsync(Scopes.OwnerDirect, MemoryWriteTarget.Memory, "- first", CancellationToken.None);
        await workspace.AppendAsync(Scopes.OwnerDirect, MemoryWriteTarget.Memory, "- second\n", CancellationToken.None);

        Assert.Equal("# Memory\n- existing line without newline\n- first\n- second\n", File.ReadAllText(Path.Combine(_dir.Workspace, "MEMORY.md")));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public async Task AppendAsync_BadText_IsRefusedWithReason(string text, string reason)
    {
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var (path, error) = await workspace.AppendAsync(Scopes.OwnerDirect, MemoryWriteTarget.Daily, text, CancellationToken.None);

        Assert.Null(path);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_OversizedText_IsRefusedAndNothingWritten()
    {
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var (_, error) = await workspace.AppendAsync(Scopes.OwnerDirect, MemoryWriteTarget.Daily, new string('x', MemoryWorkspace.MaxWriteChars + 1), CancellationToken.None);

        Assert.Contains("at most", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Workspace, "memory")));
    }

    [Fact]
    public async Task AppendAsync_GroupOrStranger_IsRefusedAndNothingWritten()
    {
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var group = await workspace.AppendAsync(Scopes.OwnerInGroup, MemoryWriteTarget.Memory, "secret", CancellationToken.None);
        var stranger = await workspace.AppendAsync(Scopes.Stranger, MemoryWriteTarget.Daily, "secret", CancellationToken.None);

        Assert.Contains("owner's direct chat", group.Error, StringComparison.Ordinal);
        Assert.Contains("owner's direct chat", stranger.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Workspace, "MEMORY.md")));
    }

    [Fact]
    public async Task ReadAsync_LineSlice_IsOneBased()
    {
        _dir.File("memory/2026-03-01.md", "one\ntwo\nthree\nfour\n");
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var slice = await workspace.ReadAsync(Scopes.OwnerDirect, "memory/2026-03-01.md", 2, 2, CancellationToken.None);
        var whole = await workspace.ReadAsync(Scopes.OwnerDirect, "memory/2026-03-01.md", null, null, CancellationToken.None);
        var missing = await workspace.ReadAsync(Scopes.OwnerDirect, "memory/2020-01-01.md", null, null, CancellationToken.None);

        Assert.Equal("two\nthree", slice.Text);
        Assert.Equal("one\ntwo\nthree\nfour", whole.Text);
        Assert.Equal(("", null), (missing.Text, missing.Error));
    }

    [Fact]
    public async Task ReadAsync_OwnerFileInGroup_ReturnsNothingWithReason()
    {
        _dir.File("MEMORY.md", "CANARY-SECRET");
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var result = await workspace.ReadAsync(Scopes.OwnerInGroup, "MEMORY.md", null, null, CancellationToken.None);

        Assert.Equal("", result.Text);
        Assert.Equal(MemoryWorkspace.OwnerOnly, result.Error);
    }

    [Fact]
    public async Task ReadAsync_Symlink_IsRefused()
    {
        var outside = Path.Combine(_dir.Path, "outside.md");
        File.WriteAllText(outside, "CANARY-OUTSIDE");
        Directory.CreateDirectory(Path.Combine(_dir.Workspace, "memory"));
        File.CreateSymbolicLink(Path.Combine(_dir.Workspace, "memory", "link.md"), outside);
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var result = await workspace.ReadAsync(Scopes.OwnerDirect, "memory/link.md", null, null, CancellationToken.None);

        Assert.Equal("", result.Text);
        Assert.Contains("symbolic link", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("memory/link.md", workspace.ListFiles());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, -1)]
    public async Task ReadAsync_BadRange_IsRefused(int from, int? lines)
    {
        _dir.File("MEMORY.md", "x");
        var workspace = new MemoryWorkspace(_dir.Workspace, _time, TimeZoneInfo.Utc);

        var result = await workspace.ReadAsync(Scopes.OwnerDirect, "MEMORY.md", from, lines, CancellationToken.None);

        Assert.Contains("1-based", result.Error, StringComparison.Ordinal);
    }
}
