using System.ComponentModel;
using Carapace.Core.Memory;
using Carapace.Memory.Files;
using Carapace.Memory.Search;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Tools;

/// <summary>
/// The memory tools the model calls (<c>memory_search</c>, <c>memory_get</c>, <c>memory_write</c>), created per turn for
/// that turn's <see cref="MemoryScope"/>: the scope is captured, so the model cannot ask on somebody else's behalf.
/// </summary>
public static class MemoryTools
{
    /// <summary>The three memory tools bound to <paramref name="scope"/>.</summary>
    public static IReadOnlyList<AIFunction> Create(MemoryScope scope, MemorySearcher searcher, MemoryWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(workspace);
        return
        [
            AIFunctionFactory.Create(
                ([Description("What to look for, in natural language.")] string query,
                 [Description("How many results (default 6).")] int? maxResults = null,
                 [Description("Drop results scoring below this, 0..1 (default 0.35).")] double? minScore = null,
                 CancellationToken cancellationToken = default) =>
                    searcher.SearchAsync(scope, query, maxResults, minScore, cancellationToken),
                "memory_search",
                "Mandatory recall step: search MEMORY.md and memory/*.md before answering about prior work, decisions, dates, people, preferences or todos. Returns path, startLine, endLine, score, snippet and citation per hit, plus mode (hybrid or keyword-only) and a reason when degraded."),
            AIFunctionFactory.Create(
                ([Description("MEMORY.md or memory/<name>.md, relative to the workspace.")] string path,
                 [Description("First line to return, 1-based (default 1).")] int? from = null,
                 [Description("How many lines (default: to the end).")] int? lines = null,
                 CancellationToken cancellationToken = default) =>
                    workspace.ReadAsync(scope, path, from, lines, cancellationToken),
                "memory_get",
                "Read lines of a memory file found by memory_search. Only MEMORY.md and memory/**/*.md inside the workspace."),
            AIFunctionFactory.Create(
                ([Description("The note to keep: short, dated, self-contained.")] string text,
                 [Description("\"daily\" appends to today's log; \"memory\" appends to MEMORY.md.")] string target = "daily",
                 CancellationToken cancellationToken = default) => WriteAsync(scope, workspace, text, target, cancellationToken),
                "memory_write",
                "Append a note that should outlast this conversation, to today's daily log or to MEMORY.md. Never overwrites."),
        ];
    }

    private static async Task<MemoryWriteResult> WriteAsync(MemoryScope scope, MemoryWorkspace workspace, string text, string target, CancellationToken cancellationToken)
    {
        MemoryWriteTarget? parsed = (target ?? "").Trim().ToLowerInvariant() switch
        {
            "daily" or "" => MemoryWriteTarget.Daily,
            "memory" => MemoryWriteTarget.Memory,
            _ => null,
        };
        if (parsed is null)
        {
            return new MemoryWriteResult(null, $"unknown target '{target}'; use \"daily\" or \"memory\"");
        }

        var (path, error) = await workspace.AppendAsync(scope, parsed.Value, text, cancellationToken).ConfigureAwait(false);
        return new MemoryWriteResult(path, error);
    }
}
