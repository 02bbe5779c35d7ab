using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Carapace.Agent.Prompt;
using Carapace.Core.Config;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Gateway.Hosting;
using Carapace.Memory;
using Carapace.Memory.Index;
using Carapace.Memory.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace memory status|index|search</c>: lets the owner see, rebuild and query an agent's memory index from the
/// terminal. The terminal is the owner's own direct chat, so it sees the owner's memory files.
/// </summary>
public static class MemoryCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds the <c>memory</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir") { Description = "The state directory (default: $CARAPACE_STATE_DIR, else ~/.carapace).", Recursive = true };
        var config = new Option<string?>("--config") { Description = "Config file (default: $CARAPACE_CONFIG, else <state dir>/carapace.json).", Recursive = true };
        var agent = new Option<string?>("--agent") { Description = "The agent whose memory to use (default: the default agent).", Recursive = true };
        var force = new Option<bool>("--force") { Description = "Rebuild the whole index aside and swap it in." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var maxResults = new Option<int?>("--max-results") { Description = "How many results (default: memory.search.query.maxResults, 6)." };
        var query = new Argument<string>("query") { Description = "What to look for." };

        var status = new Command("status", "Show files, chunks, embedding model, last sync and search mode.");
        status.SetAction((parse, ct) => RunAsync(parse, stateDir, config, agent, StatusAsync, ct));

        var index = new Command("index", "Bring the index up to date (with --force, rebuild it).") { force };
        index.SetAction((parse, ct) => RunAsync(parse, stateDir, config, agent, (memory, scope, console, token) => IndexAsync(memory, console, parse.GetValue(force), token), ct));

        var search = new Command("search", "Search memory as the owner would.") { query, json, maxResults };
        search.SetAction((parse, ct) => RunAsync(parse, stateDir, config, agent, (memory, scope, console, token) =>
            SearchAsync(memory, scope, console, parse.GetValue(query)!, parse.GetValue(json), parse.GetValue(maxResults), parse.InvocationConfiguration.Output, token), ct));

        return new Command("memory", "Inspect, index and search long-term memory.") { stateDir, config, agent, status, index, search, FactsCommand.Create(stateDir, config, agent) };
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Option<string?> stateDir, Option<string?> config, Option<string?> agent,
        Func<AgentMemory, MemoryScope, IAnsiConsole, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        var paths = CarapacePaths.FromProcess(stateDirOption: parse.GetValue(stateDir), configOption: parse.GetValue(config));
        var settings = await CarapaceSettings.LoadAsync(paths, ct);
        var options = settings.MemorySearch;
        var agents = settings.Agents;
        var errors = settings.Document.Diagnostics.Where(d => d.Severity == ConfigSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var diagnostic in errors)
            {
                await error.WriteLineAsync(diagnostic.ToString());
            }

            await error.WriteLineAsync($"✗ fix the errors in {paths.ConfigPath} (check with: carapace config validate)");
            return ConfigCommand.InvalidConfig;
        }

        var agentId = parse.GetValue(agent) ?? agents.DefaultAgentId;
        AgentMemory memory;

        // Warnings, and the static model's one-time distillation progress, on stderr (stdout may be --json).
        using var logging = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Carapace.Memory.Embeddings", LogLevel.Information)
            .SetMinimumLevel(LogLevel.Warning)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            memory = await AgentMemory.OpenAsync(
                paths.StateDir, agentId, agents.WorkspaceFor(agentId), options, TimeProvider.System, agents.UserTimeZone, ct, logging: logging);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"✗ {e.Message}");
            return 1;
        }

        await using (memory)
        {
            var scope = MemoryScope.For(agentId, "owner", isOwner: true, ChatType.Direct, $"agent:{agentId}:main", null);
            return await action(memory, scope, console, ct);
        }
    }

    private static Task<int> StatusAsync(AgentMemory memory, MemoryScope scope, IAnsiConsole console, CancellationToken ct)
    {
        var status = memory.Index.Status();
        var table = new Table().Title("Memory").AddColumns("", "");
        table.AddRow("workspace", Markup.Escape(memory.Workspace.Root));
        table.AddRow("index", Markup.Escape(status.StorePath));
        table.AddRow("files", status.Files.ToString(CultureInfo.InvariantCulture));
        table.AddRow("chunks", status.Chunks.ToString(CultureInfo.InvariantCulture));
        table.AddRow("segments / vectors", $"{status.Segments} / {status.Vectors}");
        table.AddRow("model", Markup.Escape(status.Model));
        table.AddRow("dims", status.Dimensions.ToString(CultureInfo.InvariantCulture));
        table.AddRow("last sync", status.LastSync?.ToString("u", CultureInfo.InvariantCulture) ?? "never (run: carapace memory index)");
        table.AddRow("mode", Markup.Escape(status.Mode + (status.Reason is null ? "" : $" ({status.Reason})")));
        if (memory.Index.NeedsRebuild)
        {
            table.AddRow("note", "the model or chunking changed; the next index rebuilds everything");
        }

        console.Write(table);
        return Task.FromResult(0);
    }

    private static async Task<int> IndexAsync(AgentMemory memory, IAnsiConsole console, bool force, CancellationToken ct)
    {
        await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("indexing memory", maxValue: 1);
            var progress = new Progress(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
                task.Description = p.Current is null ? "indexing memory" : Markup.Escape(p.Current);
            });
            await memory.Index.SyncAsync(force, progress, ct);
            task.Value = task.MaxValue;
        });

        var status = memory.Index.Status();
        console.Write(new Text($"indexed {status.Files} files: {status.Chunks} chunks, {status.Vectors} vectors ({status.Mode}{(status.Reason is null ? "" : "; " + status.Reason)})"));
        console.WriteLine();
        return 0;
    }

    private static async Task<int> SearchAsync(AgentMemory memory, MemoryScope scope, IAnsiConsole console, string query, bool json, int? maxResults, TextWriter output, CancellationToken ct)
    {
        if (maxResults is < 1 or > 200)
        {
            console.Write(new Text($"--max-results {maxResults} is out of range; valid: 1 to 200"));
            console.WriteLine();
            return 1;
        }

        var result = await memory.Searcher.SearchAsync(scope, query, maxResults, null, ct);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            return 0;
        }

        if (result.Reason is not null)
        {
            console.Write(new Text($"({result.Mode}: {result.Reason})"));
            console.WriteLine();
        }

        if (result.Results.Count == 0)
        {
            console.Write(new Text("no results"));
            console.WriteLine();
            return 0;
        }

        var table = new Table().AddColumns("score", "citation", "snippet");
        foreach (var hit in result.Results)
        {
            table.AddRow(hit.Score.ToString("0.000", CultureInfo.InvariantCulture), Markup.Escape(hit.Citation), Markup.Escape(hit.Snippet));
        }

        console.Write(table);
        return 0;
    }

    private sealed class Progress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
