using System.Text.Json;
using Carapace.Memory.Tools;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tests.Tools;

public sealed class MemoryToolsTests
{
    private static void Seed(TempDir dir) => dir.File("MEMORY.md", "# Memory\n- Alice's sister is called Dana\n- CANARY-PRIVATE\n");

    [Fact]
    public async Task Tools_OwnerDirect_SearchGetAndWriteWork()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        var tools = f.Memory.ToolsFor(Scopes.OwnerDirect).ToDictionary(t => t.Name);

        var search = await Invoke(tools["memory_search"], new() { ["query"] = "sister Dana" });
        var get = await Invoke(tools["memory_get"], new() { ["path"] = "MEMORY.md", ["from"] = 2, ["lines"] = 1 });
        var write = await Invoke(tools["memory_write"], new() { ["text"] = "- Dana's birthday is 4 May", ["target"] = "daily" });

        Assert.Equal(["memory_get", "memory_search", "memory_write"], tools.Keys.Order());
        var hit = search.GetProperty("results")[0];
        Assert.Equal("MEMORY.md#L1-L3", hit.GetProperty("citation").GetString()); // one segment holds the three short lines
        Assert.Contains("Dana", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Equal("hybrid", search.GetProperty("mode").GetString());
        Assert.Equal("- Alice's sister is called Dana", get.GetProperty("text").GetString());
        Assert.Equal("memory/2026-03-31.md", write.GetProperty("path").GetString());
        Assert.Equal("- Dana's birthday is 4 May\n", File.ReadAllText(Path.Combine(f.Dir.Workspace, "memory/2026-03-31.md")));
    }

    [Fact]
    public async Task Tools_GroupScope_ReturnNothingFromOwnerFilesAndRefuseWrites()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        var tools = f.Memory.ToolsFor(Scopes.OwnerInGroup).ToDictionary(t => t.Name);

        var search = await Invoke(tools["memory_search"], new() { ["query"] = "CANARY-PRIVATE", ["minScore"] = 0.0 });
        var get = await Invoke(tools["memory_get"], new() { ["path"] = "MEMORY.md" });
        var write = await Invoke(tools["memory_write"], new() { ["text"] = "x", ["target"] = "memory" });

        Assert.Equal(0, search.GetProperty("results").GetArrayLength());
        Assert.DoesNotContain("CANARY", search.GetRawText() + get.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("private", get.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(write.GetProperty("written").GetBoolean());
        Assert.DoesNotContain("x\n", File.ReadAllText(Path.Combine(f.Dir.Workspace, "MEMORY.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secrets.md", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("memory/notes.txt", "markdown")]
    public async Task MemoryGet_HostilePath_IsAClearToolError(string path, string reason)
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        var get = f.Memory.ToolsFor(Scopes.OwnerDirect).Single(t => t.Name == "memory_get");

        var result = await Invoke(get, new() { ["path"] = path });

        Assert.Contains(reason, result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryWrite_UnknownTarget_IsRefused()
    {
        await using var f = await MemoryFixture.CreateAsync(Seed);
        var write = f.Memory.ToolsFor(Scopes.OwnerDirect).Single(t => t.Name == "memory_write");

        var result = await Invoke(write, new() { ["text"] = "x", ["target"] = "soul" });

        Assert.Contains("unknown target 'soul'", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Guidance_TellsTheModelToSearchAndWrite()
    {
        Assert.Contains("memory_search", MemoryPrompt.Guidance, StringComparison.Ordinal);
        Assert.Contains("memory_write", MemoryPrompt.Guidance, StringComparison.Ordinal);
        Assert.Contains("preferences", MemoryPrompt.Guidance, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Invoke(AIFunction function, Dictionary<string, object?> arguments)
    {
        var result = await function.InvokeAsync(new AIFunctionArguments(arguments));
        return result is JsonElement element ? element : JsonSerializer.SerializeToElement(result);
    }
}
