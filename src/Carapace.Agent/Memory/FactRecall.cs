using System.Globalization;
using System.Text;
using Carapace.Agent.Abstractions;
using Carapace.Core.Memory;

namespace Carapace.Agent.Memory;

/// <summary>
/// Stage 2 with automatic memory: the facts of the scope's pool that match the incoming message (and, for the owner in
/// a direct chat, the best memory-file snippets), above <c>minScore</c>, at most <c>topK</c> and within <c>maxTokens</c>,
/// each line dated (<c>- [2026-11-25] …</c>). The ids used are returned for the transcript.
/// </summary>
public sealed class FactRecall(FactMemories facts, WorkspaceMemories? files = null) : IMemoryRecall
{
    private const int CharsPerToken = 4;

    /// <inheritdoc />
    public async ValueTask<RecallResult> RecallAsync(MemoryScope scope, string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var options = facts.Options.Recall;
        if (!options.Enabled || string.IsNullOrWhiteSpace(query))
        {
            return RecallResult.Empty;
        }

        var memory = await facts.GetAsync(scope.AgentId).ConfigureAwait(false);
        var lines = new List<(string Id, string Line, double Score)>();
        foreach (var hit in await memory.SearchAsync(scope, query, options.TopK, options.MinScore, cancellationToken).ConfigureAwait(false))
        {
            var day = memory.DayOf(hit.Fact).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            lines.Add((hit.Fact.Id, $"- [{day}] {hit.Fact.Text}", hit.Score));
        }

        if (files is not null && scope.MayReadOwnerFiles)
        {
            var agent = await files.GetAsync(scope.AgentId, cancellationToken).ConfigureAwait(false);
            var found = await agent.Searcher.SearchAsync(scope, query, options.TopK, options.MinScore, cancellationToken).ConfigureAwait(false);
            lines.AddRange(found.Results.Select(h => (h.Citation, $"- [{h.Citation}] {string.Join(' ', h.Snippet.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}", h.Score)));
        }

        var text = new StringBuilder();
        var ids = new List<string>();
        foreach (var (id, line, _) in lines.OrderByDescending(l => l.Score).Take(options.TopK))
        {
            if ((text.Length + line.Length + 1) / CharsPerToken > options.MaxTokens)
            {
                break;
            }

            text.Append(line).Append('\n');
            ids.Add(id);
        }

        return ids.Count == 0 ? RecallResult.Empty : new RecallResult(text.ToString(), ids);
    }
}
