using System.CommandLine;
using System.Text.Json;
using Carapace.Cli.Commands;

namespace Carapace.Cli.Tests;

public sealed class MemoryCommandTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("carapace-cli-memory-").FullName;

    public MemoryCommandTests()
    {
        var memory = Path.Combine(_stateDir, "workspace", "memory");
        Directory.CreateDirectory(memory);
        File.WriteAllText(Path.Combine(_stateDir, "workspace", "MEMORY.md"), "# Memory\n- the boat is called Seabiscuit\n");
        File.WriteAllText(Path.Combine(memory, "2026-03-30.md"), "- renewed the passport\n");
        WriteConfig("{ memory: { search: { provider: 'none' } } }");
    }

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Index_ThenStatus_ShowsFilesChunksAndMode()
    {
        var (indexCode, indexOut, _) = await RunAsync("memory", "index");
        var (statusCode, statusOut, _) = await RunAsync("memory", "status");

        Assert.Equal((0, 0), (indexCode, statusCode));
        Assert.Contains("indexed 2 files: 2 chunks", indexOut, StringComparison.Ordinal);
        Assert.Contains("keyword-only", statusOut, StringComparison.Ordinal);
        Assert.Contains("no embedding provider", statusOut, StringComparison.Ordinal);
        Assert.Contains("main.sqlite", statusOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_stateDir, "memory", "main.sqlite")));
    }

    [Fact]
    public async Task Search_Json_ReturnsCitationsAndMode()
    {
        var (code, output, _) = await RunAsync("memory", "search", "passport", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var hit = json.RootElement.GetProperty("results")[0];
        Assert.Equal("memory/2026-03-30.md#L1", hit.GetProperty("citation").GetString());
        Assert.Equal("keyword-only", json.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Search_Table_ShowsSnippet()
    {
        var (code, output, _) = await RunAsync("memory", "search", "boat");

        Assert.Equal(0, code);
        Assert.Contains("Seabiscuit", output, StringComparison.Ordinal);
        Assert.Contains("MEMORY.md#L1-L2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_Force_RebuildsAndKeepsResults()
    {
        await RunAsync("memory", "index");

        var (code, output, _) = await RunAsync("memory", "index", "--force");

        Assert.Equal(0, code);
        Assert.Contains("indexed 2 files", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_BadMemoryConfig_ExitsTwoNamingTheKey()
    {
        WriteConfig("{ memory: { search: { query: { minScore: 5 } } } }");

        var (code, _, error) = await RunAsync("memory", "status");

        Assert.Equal(ConfigCommand.InvalidConfig, code);
        Assert.Contains("memory.search.query.minScore", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_BadAgentId_IsAClearError()
    {
        var (code, _, error) = await RunAsync("memory", "status", "--agent", "../etc");

        Assert.Equal(1, code);
        Assert.Contains("'../etc' is not a normalised id", error, StringComparison.Ordinal);
    }

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_stateDir, "carapace.json"), text);

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(MemoryCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await root.Parse([.. args, "--state-dir", _stateDir, "--config", Path.Combine(_stateDir, "carapace.json")]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
