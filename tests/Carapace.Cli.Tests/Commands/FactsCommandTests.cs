using System.CommandLine;
using Carapace.Cli.Commands;

namespace Carapace.Cli.Tests.Commands;

public sealed class FactsCommandTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("carapace-cli-facts-").FullName;

    public FactsCommandTests() => File.WriteAllText(Path.Combine(_stateDir, "carapace.json"), "{ owners: ['owner'], memory: { search: { provider: 'none' } } }");

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Import_ThenListShowHistoryForgetExport_RoundTripsForThatPersonOnly()
    {
        var file = Write("facts.jsonl",
            """
            {"text": "Daughter's piano recital is next Friday at six (2026-12-04)", "category": "life_events", "createdAt": "2026-11-25T18:30:00Z"}

            {"text": "Allergic to peanuts"}
            {"text": "allergic   to PEANUTS"}
            """);

        var (code, output, _) = await RunAsync("memory", "facts", "import", file, "--identity", "Owner");
        Assert.Equal(0, code);
        Assert.Contains("imported 2 fact(s) for owner; 1 already known", output, StringComparison.Ordinal);

        var (_, list, _) = await RunAsync("memory", "facts", "list", "--identity", "owner");
        var recital = list.Split('\n').Single(l => l.Contains("recital", StringComparison.Ordinal));
        Assert.Contains("2026-11-25  [life_events] Daughter's piano recital", recital, StringComparison.Ordinal);
        var id = recital.Split(' ')[0];
        Assert.Contains("no facts for whatsapp:+1555", (await RunAsync("memory", "facts", "list", "--identity", "whatsapp:+1555")).Out, StringComparison.Ordinal);
        var (strangerCode, _, strangerError) = await RunAsync("memory", "facts", "show", id, "--identity", "whatsapp:+1555");
        Assert.Equal(1, strangerCode);
        Assert.Contains($"has no fact with id '{id}'", strangerError, StringComparison.Ordinal);
        Assert.Contains("session:  import", (await RunAsync("memory", "facts", "show", id, "--identity", "owner")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("memory", "facts", "forget", id, "--identity", "owner")).Code);
        var (_, history, _) = await RunAsync("memory", "facts", "history", id, "--identity", "owner");
        Assert.Contains("ADD", history, StringComparison.Ordinal);
        Assert.Contains("FORGET", history, StringComparison.Ordinal);
        Assert.DoesNotContain("recital", history, StringComparison.Ordinal);

        var (_, export, _) = await RunAsync("memory", "facts", "export", "--identity", "owner");
        Assert.Equal(["Allergic to peanuts"], export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Import_BadLines_ReportedByLineNumberAndNothingImported()
    {
        var file = Write("bad.jsonl",
            """
            {"text": "Likes tea"}
            {"text": ""}
            not json
            {"text": "Has a cat", "createdAt": "last tuesday"}
            ["Likes tea"]
            """);

        var (code, _, error) = await RunAsync("memory", "facts", "import", file, "--identity", "owner");

        Assert.Equal(1, code);
        Assert.Contains("bad.jsonl:2: \"text\" is missing or empty", error, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:3: not a JSON object", error, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:4: not a JSON object", error, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:5: not a JSON object", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bad.jsonl:1:", error, StringComparison.Ordinal);
        Assert.Contains("nothing imported", error, StringComparison.Ordinal);
        Assert.Contains("no facts for owner", (await RunAsync("memory", "facts", "list", "--identity", "owner")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facts_WithoutIdentity_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("memory", "facts", "list");

        Assert.NotEqual(0, code);
        Assert.Contains("--identity", error, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_stateDir, name);
        File.WriteAllText(path, text);
        return path;
    }

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
