using System.ComponentModel;
using Carapace.Core.Memory;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Facts;

/// <summary>
/// The fact tools the model calls (<c>memory_list</c>, <c>memory_store</c>, <c>memory_update</c>, <c>memory_forget</c>,
/// <c>memory_history</c>), created per turn with the turn's scope captured, so another person's ids are simply "not found".
/// </summary>
public static class FactTools
{
    private const double ForgetSureScore = 0.9;

    /// <summary>The five tools bound to <paramref name="scope"/>; changes are attributed to <paramref name="sessionId"/>.</summary>
    public static IReadOnlyList<AIFunction> Create(MemoryScope scope, FactMemory facts, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(facts);
        var source = new FactSource(sessionId, []);
        return
        [
            AIFunctionFactory.Create(
                async (CancellationToken cancellationToken) => (await facts.ListAsync(scope, cancellationToken).ConfigureAwait(false)).Select(f => View(facts, f)).ToList(),
                "memory_list",
                "List the facts remembered about the person you are talking to (id, date, text, category)."),
            AIFunctionFactory.Create(
                async ([Description("One short self-contained fact to remember.")] string text,
                       [Description("Optional category, e.g. preferences, plans, relationships.")] string? category = null,
                       CancellationToken cancellationToken = default) =>
                    string.IsNullOrWhiteSpace(text) ? (object)Error("text is empty") : View(facts, await facts.StoreAsync(scope, text, category, source, cancellationToken).ConfigureAwait(false)),
                "memory_store",
                "Remember a fact about the person you are talking to, across all their channels and calls."),
            AIFunctionFactory.Create(
                async ([Description("The fact's id from memory_list.")] string id, [Description("The corrected text.")] string text, CancellationToken cancellationToken = default) =>
                    string.IsNullOrWhiteSpace(text) ? Error("text is empty")
                    : await facts.UpdateAsync(scope, id, text, source, cancellationToken).ConfigureAwait(false) is { } f ? View(facts, f) : NotFound(id),
                "memory_update",
                "Correct a remembered fact; its history keeps the old text."),
            AIFunctionFactory.Create(
                ([Description("The fact's id, if known.")] string? id = null, [Description("Or: what to forget, in words.")] string? query = null, CancellationToken cancellationToken = default) =>
                    ForgetAsync(scope, facts, source, id, query, cancellationToken),
                "memory_forget",
                "Forget a fact for good (by id, or by a query that clearly matches one fact): it leaves every future prompt; an audit entry without its text remains."),
            AIFunctionFactory.Create(
                async ([Description("The fact's id.")] string id, CancellationToken cancellationToken = default) =>
                    await facts.HistoryAsync(scope, id, cancellationToken).ConfigureAwait(false) is { } rows
                        ? rows.Select(r => new { @event = r.Event.ToString().ToUpperInvariant(), old = r.OldText, @new = r.NewText, at = r.At, session = r.Source.SessionId }).ToList()
                        : NotFound(id),
                "memory_history",
                "The change history of a remembered fact."),
        ];
    }

    private static async Task<object> ForgetAsync(MemoryScope scope, FactMemory facts, FactSource source, string? id, string? query, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            return await facts.ForgetAsync(scope, id.Trim(), source, cancellationToken).ConfigureAwait(false) ? new { forgotten = id.Trim() } : NotFound(id);
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            return Error("give the fact's id or a query");
        }

        var hits = await facts.SearchAsync(scope, query, 5, facts.Options.Recall.MinScore, cancellationToken).ConfigureAwait(false);
        if (hits.Count == 1 || (hits.Count > 1 && hits[0].Score >= ForgetSureScore && hits[1].Score < ForgetSureScore))
        {
            await facts.ForgetAsync(scope, hits[0].Fact.Id, source, cancellationToken).ConfigureAwait(false);
            return new { forgotten = hits[0].Fact.Id };
        }

        return hits.Count == 0
            ? Error($"nothing remembered matches '{query}'")
            : new { error = "several facts match; call memory_forget again with one id", candidates = hits.Select(h => View(facts, h.Fact)).ToList() };
    }

    private static object View(FactMemory facts, Fact f) => new { id = f.Id, date = facts.DayOf(f).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text = f.Text, category = f.Category };

    private static object NotFound(string id) => Error($"no fact with id '{id}'");

    private static object Error(string message) => new { error = message };
}
