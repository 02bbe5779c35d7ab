using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Memory.Facts;

/// <summary>
/// Runs one capture job the Mem0 way: extract facts (model → JSON), find the similar facts of the same pool, let the
/// model decide ADD / UPDATE / DELETE / NONE against them under temporary ids, and apply the decision in one
/// transaction. A failed attempt (bad JSON, unknown ids, timeout, model error) is retried once; then the job is skipped
/// with its reason recorded. Nothing is applied unless the whole decision is valid.
/// </summary>
internal sealed class CaptureEngine(
    FactStore store, FactSearch search, CaptureQueue queue, IChatClient chat, FactMemoryOptions options, TimeProvider time, ILogger logger)
{
    private const int SimilarPerFact = 5;
    private const int Attempts = 2;

    /// <summary>Runs the job and records its outcome; returns the facts changed (empty when skipped or nothing to keep).</summary>
    public async Task<IReadOnlyList<Fact>> RunAsync(long id, CaptureJob job, CancellationToken cancellationToken)
    {
        var ownerKey = FactOwner.KeyFor(job.Scope, options.Pool);
        string? reason = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var changes = await PlanAsync(ownerKey, job, cancellationToken).ConfigureAwait(false);
                var applied = changes.Count == 0 ? [] : await store.ApplyAsync(ownerKey, changes, new FactSource(job.SessionId, job.MessageSeqs), job.SaidAt, cancellationToken).ConfigureAwait(false);
                await queue.FinishAsync(id, "done", null, CancellationToken.None).ConfigureAwait(false);
                CaptureLog.Applied(logger, id, applied.Count, ownerKey);
                return applied;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                reason = e is OperationCanceledException ? $"the model did not answer within {options.Capture.Timeout.TotalSeconds:0} s" : e.Message;
                CaptureLog.AttemptFailed(logger, id, attempt, reason);
            }
        }

        await queue.FinishAsync(id, "failed", reason, CancellationToken.None).ConfigureAwait(false);
        CaptureLog.Skipped(logger, id, reason!);
        return [];
    }

    private async Task<IReadOnlyList<FactChange>> PlanAsync(string ownerKey, CaptureJob job, CancellationToken cancellationToken)
    {
        var said = DateOnly.FromDateTime(job.SaidAt.DateTime);
        var extraction = await AskAsync(CapturePrompts.ExtractionSystem(options.Capture, job.SaidAt), CapturePrompts.ExtractionUser(job.Messages), cancellationToken).ConfigureAwait(false);
        var extracted = CaptureOutput.ParseFacts(extraction, options.Capture.Categories).Select(f => (Text: RelativeDates.Annotate(f.Text, said), f.Category)).ToList();
        var facts = extracted.Select(f => f.Text).ToList();
        if (facts.Count == 0)
        {
            return [];
        }

        var similar = new List<Fact>();
        foreach (var fact in facts)
        {
            foreach (var hit in await search.SearchAsync(ownerKey, fact, SimilarPerFact, 0, cancellationToken).ConfigureAwait(false))
            {
                if (similar.All(s => s.Id != hit.Fact.Id))
                {
                    similar.Add(hit.Fact);
                }
            }
        }

        var tempIds = similar.Select((f, i) => (TempId: i.ToString(System.Globalization.CultureInfo.InvariantCulture), f)).ToList();
        var decision = await AskAsync(
            CapturePrompts.DecisionSystem(), CapturePrompts.DecisionUser([.. tempIds.Select(t => (t.TempId, t.f.Text))], facts), cancellationToken).ConfigureAwait(false);
        var changes = CaptureOutput.ParseDecision(decision, tempIds.ToDictionary(t => t.TempId, t => t.f.Id, StringComparer.Ordinal));
        return [.. changes.Select(c => c.Text is null ? c : Categorised(c with { Text = RelativeDates.Annotate(c.Text, said) }, extracted))];
    }

    // An added fact takes the category of the extracted fact it repeats, or of the only one extracted.
    private static FactChange Categorised(FactChange change, List<(string Text, string? Category)> extracted) =>
        change.Event != FactEvent.Add ? change
        : change with { Category = extracted.FirstOrDefault(e => string.Equals(e.Text, change.Text, StringComparison.Ordinal)).Category ?? (extracted.Count == 1 ? extracted[0].Category : null) };

    private async Task<string> AskAsync(string system, string user, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Capture.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)],
            new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 },
            linked.Token).ConfigureAwait(false);
        return response.Text;
    }
}
