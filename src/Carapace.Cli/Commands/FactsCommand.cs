using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Carapace.Core.Config;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Gateway.Hosting;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Facts;

namespace Carapace.Cli.Commands;

/// <summary>
/// <c>carapace memory facts list|show|forget|history|export|import --identity X</c>: lets the owner see, correct, forget,
/// back up and restore what the agent remembers about one person, from the terminal.
/// </summary>
public static class FactsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Builds the <c>facts</c> subcommand of <c>memory</c>; <paramref name="stateDir"/>, <paramref name="config"/> and <paramref name="agent"/> are the parent's options.</summary>
    public static Command Create(Option<string?> stateDir, Option<string?> config, Option<string?> agent)
    {
        var identity = new Option<string>("--identity") { Description = "The person: an identity-link name (e.g. owner) or <channel>:<sender>.", Required = true, Recursive = true };
        var id = new Argument<string>("id") { Description = "The fact's id (from list)." };
        var file = new Argument<FileInfo>("file") { Description = "A JSON-lines file from export." };
        var facts = new Command("facts", "Automatically remembered facts about one person.") { identity };

        Command Sub(string name, string description, Func<FactMemory, MemoryScope, ParseResult, TextWriter, TextWriter, CancellationToken, Task<int>> action, params Argument[] arguments)
        {
            var command = new Command(name, description);
            foreach (var argument in arguments)
            {
                command.Arguments.Add(argument);
            }

            command.SetAction((parse, ct) => RunAsync(parse, stateDir, config, agent, identity, action, ct));
            facts.Subcommands.Add(command);
            return command;
        }

        Sub("list", "List the person's facts.", ListAsync);
        Sub("show", "Show one fact.", (m, s, p, o, e, ct) => ShowAsync(m, s, p.GetValue(id)!, o, e, ct), id);
        Sub("forget", "Forget a fact for good (an audit entry without its text remains).", (m, s, p, o, e, ct) => ForgetAsync(m, s, p.GetValue(id)!, o, e, ct), id);
        Sub("history", "Show a fact's change history.", (m, s, p, o, e, ct) => HistoryAsync(m, s, p.GetValue(id)!, o, e, ct), id);
        Sub("export", "Write the person's facts as JSON lines to standard output.", ExportAsync);
        Sub("import", "Add facts from a JSON-lines file: all or nothing, repeats skipped.", (m, s, p, o, e, ct) => FactsImport.RunAsync(m, s, p.GetValue(file)!, o, e, ct), file);
        return facts;
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Option<string?> stateDir, Option<string?> config, Option<string?> agent, Option<string> identity,
        Func<FactMemory, MemoryScope, ParseResult, TextWriter, TextWriter, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var paths = CarapacePaths.FromProcess(stateDirOption: parse.GetValue(stateDir), configOption: parse.GetValue(config));
        var settings = await CarapaceSettings.LoadAsync(paths, ct);
        if (settings.Document.Diagnostics.Any(d => d.Severity == ConfigSeverity.Error))
        {
            await settings.WriteDiagnosticsAsync(error);
            await error.WriteLineAsync($"✗ fix the errors in {paths.ConfigPath} (check with: carapace config validate)");
            return ConfigCommand.InvalidConfig;
        }

        var agentId = (parse.GetValue(agent) ?? settings.Agents.DefaultAgentId).ToLowerInvariant();
        var person = parse.GetValue(identity)!.Trim().ToLowerInvariant();
        if (person.Length == 0)
        {
            await error.WriteLineAsync("✗ --identity is empty; name the person, e.g. --identity owner");
            return 1;
        }

        var (generator, model) = EmbeddingGenerators.Create(settings.MemorySearch.Embeddings);
        using var _ = generator;
        FactMemory memory;
        try
        {
            memory = await FactMemory.OpenAsync(
                FactMemory.DefaultPath(paths.StateDir, agentId), settings.FactMemory, (generator, model), chat: null, TimeProvider.System, settings.Agents.UserTimeZone, null, ct);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"✗ {e.Message}");
            return 1;
        }

        await using (memory)
        {
            var scope = MemoryScope.For(agentId, person, settings.Routing.Owners.Contains(person), ChatType.Direct, "cli", null);
            return await action(memory, scope, parse, output, error, ct);
        }
    }

    private static async Task<int> ListAsync(FactMemory memory, MemoryScope scope, ParseResult parse, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var facts = await memory.ListAsync(scope, ct);
        if (facts.Count == 0)
        {
            await output.WriteLineAsync($"no facts for {scope.Identity}");
        }

        foreach (var fact in facts)
        {
            await output.WriteLineAsync($"{fact.Id}  {Day(memory, fact)}  {(fact.Category is null ? "" : $"[{fact.Category}] ")}{fact.Text}");
        }

        return 0;
    }

    private static async Task<int> ShowAsync(FactMemory memory, MemoryScope scope, string id, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (await memory.GetAsync(scope, id, ct) is not { } fact)
        {
            return await NotFoundAsync(error, scope, id);
        }

        await output.WriteLineAsync($"id:       {fact.Id}\ntext:     {fact.Text}\ncategory: {fact.Category ?? "-"}\nsaid:     {Day(memory, fact)}\nupdated:  {fact.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)}\nsession:  {fact.Source.SessionId ?? "-"}");
        return 0;
    }

    private static async Task<int> ForgetAsync(FactMemory memory, MemoryScope scope, string id, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!await memory.ForgetAsync(scope, id, new FactSource("cli", []), ct))
        {
            return await NotFoundAsync(error, scope, id);
        }

        await output.WriteLineAsync($"forgot {id}");
        return 0;
    }

    private static async Task<int> HistoryAsync(FactMemory memory, MemoryScope scope, string id, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (await memory.HistoryAsync(scope, id, ct) is not { } rows)
        {
            return await NotFoundAsync(error, scope, id);
        }

        foreach (var row in rows)
        {
            var change = row.OldText is null && row.NewText is null ? "" : $"  {row.OldText ?? "∅"} → {row.NewText ?? "∅"}";
            await output.WriteLineAsync($"{row.At.ToString("u", CultureInfo.InvariantCulture)}  {row.Event.ToString().ToUpperInvariant()}{change}  ({row.Source.SessionId ?? "-"})");
        }

        return 0;
    }

    private static async Task<int> ExportAsync(FactMemory memory, MemoryScope scope, ParseResult parse, TextWriter output, TextWriter error, CancellationToken ct)
    {
        foreach (var fact in await memory.ListAsync(scope, ct))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new FactLine(fact.Text, fact.Category, fact.CreatedAt, fact.Id), Json));
        }

        return 0;
    }

    private static async Task<int> NotFoundAsync(TextWriter error, MemoryScope scope, string id)
    {
        await error.WriteLineAsync($"✗ {scope.Identity} has no fact with id '{id}'");
        return 1;
    }

    private static string Day(FactMemory memory, Fact fact) => memory.DayOf(fact).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
