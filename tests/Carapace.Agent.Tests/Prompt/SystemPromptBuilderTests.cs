using Carapace.Agent.Prompt;
using Carapace.Core.Routing;
using Carapace.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Agent.Tests.Prompt;

public sealed class SystemPromptBuilderTests : IDisposable
{
    private const string MemorySecret = "CANARY-owner-private-7f3a";
    private readonly TempDirectory _workspace = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _workspace.Dispose();

    private Task<string> BuildAsync(Route route, int maxChars = 20_000, int totalMaxChars = 150_000, string zone = "UTC")
    {
        var options = new AgentOptions
        {
            Workspace = _workspace.Path,
            BootstrapMaxChars = maxChars,
            BootstrapTotalMaxChars = totalMaxChars,
            UserTimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
        };
        return new SystemPromptBuilder(options, _time).BuildAsync(route, TestDeadline.Token());
    }

    [Fact]
    public async Task Build_AllBootstrapFiles_InjectedUnderHeadersInOrder()
    {
        foreach (var name in new[] { "TOOLS.md", "USER.md", "IDENTITY.md", "SOUL.md", "AGENTS.md" })
        {
            _workspace.Write(name, $"content of {name}");
        }

        var prompt = await BuildAsync(TestRoutes.Direct());

        var positions = new[] { "AGENTS.md", "SOUL.md", "IDENTITY.md", "USER.md", "TOOLS.md" }
            .Select(n => prompt.IndexOf($"## {n}\ncontent of {n}", StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    public static TheoryData<string, bool, bool> MemoryRows => new()
    {
        // chat, owner, MEMORY.md expected
        { "direct", true, true },
        { "direct", false, false },
        { "group", true, false },
        { "group", false, false },
    };

    [Theory]
    [MemberData(nameof(MemoryRows))]
    public async Task Build_MemoryFile_OnlyInTheOwnersDirectChat(string chat, bool owner, bool expected)
    {
        _workspace.Write("AGENTS.md", "rules");
        _workspace.Write("MEMORY.md", $"The owner's secret is {MemorySecret}.");
        var route = chat == "direct" ? TestRoutes.Direct(isOwner: owner) : TestRoutes.Group(isOwner: owner);

        var prompt = await BuildAsync(route);

        Assert.Equal(expected, prompt.Contains(MemorySecret, StringComparison.Ordinal));
        Assert.Equal(expected, prompt.Contains("## MEMORY.md", StringComparison.Ordinal));
        Assert.Contains("## AGENTS.md", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_OnlyLowercaseMemoryFile_IsUsedForTheOwner()
    {
        _workspace.Write("memory.md", "lowercase memory");

        var prompt = await BuildAsync(TestRoutes.Direct());

        Assert.Contains("## memory.md\nlowercase memory", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_BothMemoryFiles_OnlyUppercaseIsInjected()
    {
        _workspace.Write("MEMORY.md", "upper wins");
        var lower = Path.Combine(_workspace.Path, "memory.md");
        if (File.Exists(lower))
        {
            return; // case-insensitive file system: the two names are one file, nothing to choose between.
        }

        _workspace.Write("memory.md", "lower loses");

        var prompt = await BuildAsync(TestRoutes.Direct());

        Assert.Contains("upper wins", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("lower loses", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_FileOverPerFileLimit_CutWithVisibleMarker()
    {
        _workspace.Write("USER.md", new string('u', 1_234) + "TAIL");

        var prompt = await BuildAsync(TestRoutes.Direct(), maxChars: 1_000);

        Assert.Contains(new string('u', 1_000) + "\n[... truncated: 238 more characters of USER.md]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("TAIL", prompt, StringComparison.Ordinal);
        Assert.Equal(1_238, new FileInfo(Path.Combine(_workspace.Path, "USER.md")).Length);
    }

    [Fact]
    public async Task Build_FilesOverTotalLimit_LaterFilesCutAndMarked()
    {
        _workspace.Write("AGENTS.md", new string('a', 600));
        _workspace.Write("SOUL.md", new string('s', 600));
        _workspace.Write("TOOLS.md", "tools text");

        var prompt = await BuildAsync(TestRoutes.Direct(), maxChars: 1_000, totalMaxChars: 1_000);

        Assert.Contains(new string('a', 600) + "\n## SOUL.md", prompt.Replace("\n\n", "\n"), StringComparison.Ordinal);
        Assert.Contains(new string('s', 400) + "\n[... truncated: 200 more characters of SOUL.md]", prompt, StringComparison.Ordinal);
        Assert.Contains("[... truncated: 10 more characters of TOOLS.md]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("tools text", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_EmptyOrMissingWorkspace_StillHasClockAndConversation()
    {
        _workspace.Write("SOUL.md", "   \n");

        var prompt = await BuildAsync(TestRoutes.Group());

        Assert.DoesNotContain("## SOUL.md", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Project context", prompt, StringComparison.Ordinal);
        Assert.Contains("Conversation: group chat on telegram.", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC", "2026-03-01 12:00 (Sunday), time zone UTC (UTC+00:00)")]
    [InlineData("Asia/Tokyo", "2026-03-01 21:00 (Sunday), time zone Asia/Tokyo (UTC+09:00)")]
    [InlineData("America/Los_Angeles", "2026-03-01 04:00 (Sunday), time zone America/Los_Angeles (UTC-08:00)")]
    public async Task Build_Clock_ShowsTheUsersLocalTime(string zone, string expected)
    {
        var prompt = await BuildAsync(TestRoutes.Direct(), zone: zone);

        Assert.Contains("Current date and time: " + expected, prompt, StringComparison.Ordinal);
    }
}
