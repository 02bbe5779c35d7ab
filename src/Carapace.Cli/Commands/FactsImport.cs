using System.Text.Json;
using Carapace.Core.Memory;
using Carapace.Memory.Facts;

namespace Carapace.Cli.Commands;

/// <summary><c>memory facts import</c>: reads every line first, reports each bad one by number, and imports only a wholly valid file, in one transaction.</summary>
internal static class FactsImport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(FactMemory memory, MemoryScope scope, FileInfo file, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(file.FullName, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"✗ cannot read {file.FullName}: {e.Message}");
            return 1;
        }

        var additions = new List<FactChange>();
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            if (Parse(lines[i], out var problem) is { } change)
            {
                additions.Add(change);
            }
            else
            {
                problems.Add($"{file.Name}:{i + 1}: {problem}");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem);
            }

            await error.WriteLineAsync($"✗ nothing imported: fix the {problems.Count} bad line(s) above");
            return 1;
        }

        var added = await memory.ImportAsync(scope, additions, ct);
        await output.WriteLineAsync($"imported {added.Count} fact(s) for {scope.Identity}; {additions.Count - added.Count} already known");
        return 0;
    }

    private static FactChange? Parse(string line, out string problem)
    {
        problem = "";
        FactLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<FactLine>(line, Json);
        }
        catch (JsonException e)
        {
            problem = $"not a JSON object like {{\"text\": \"...\"}} ({e.Message})";
            return null;
        }

        if (parsed?.Text is not { } text || string.IsNullOrWhiteSpace(text))
        {
            problem = "\"text\" is missing or empty";
            return null;
        }

        return FactChange.Add(text.Trim(), string.IsNullOrWhiteSpace(parsed.Category) ? null : parsed.Category.Trim(), parsed.CreatedAt);
    }
}
