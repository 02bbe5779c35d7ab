using Carapace.Agent.Turns;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Compaction;

/// <summary>
/// The three ways a turn compacts its session: before the model call when the prompt reaches the threshold (with an
/// early memory flush, once per cycle, a little before it), when the user types <c>/compact</c>, and after the
/// provider rejected the prompt as too long. A failed compaction never fails the turn by itself.
/// </summary>
internal sealed partial class CompactionTriggers(Compactor compactor, ILogger logger)
{
    private const string Command = "/compact";

    /// <summary>True when <paramref name="body"/> is <c>/compact</c>, optionally followed by what the summary should focus on.</summary>
    public static bool IsCommand(string body, out string? focus)
    {
        focus = null;
        if (!body.StartsWith(Command, StringComparison.OrdinalIgnoreCase) || (body.Length > Command.Length && !char.IsWhiteSpace(body[Command.Length])))
        {
            return false;
        }

        focus = body[Command.Length..].Trim() is { Length: > 0 } rest ? rest : null;
        return true;
    }

    /// <summary>Compacts (or flushes early) when <paramref name="prompt"/> is near the window; the session after compacting, else null.</summary>
    public async Task<SessionEntry?> BeforeModelAsync(AcceptedTurn turn, IChatClient model, IReadOnlyList<ChatMessage> prompt, CancellationToken cancellationToken)
    {
        try
        {
            var view = await compactor.ViewAsync(turn, cancellationToken);
            var tokens = PromptTokens(turn, prompt, view);
            var budget = compactor.Budget;
            if (tokens >= budget.CompactAt)
            {
                return (await compactor.CompactAsync(turn, model, view, CompactionReason.Threshold, budget.KeepRecent, tokens, null, cancellationToken))?.Session;
            }

            if (tokens >= budget.FlushAt && !view.FlushedThisCycle)
            {
                await compactor.FlushAheadAsync(turn, view, cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, turn.Route.SessionKey, CompactionReason.Threshold);
        }

        return null;
    }

    /// <summary>Compacts after the provider rejected the prompt as too long, keeping at most half of it; the session after, or null when that did not help.</summary>
    public async Task<SessionEntry?> RecoverAsync(AcceptedTurn turn, IChatClient model, CancellationToken cancellationToken)
    {
        try
        {
            var view = await compactor.ViewAsync(turn, cancellationToken);
            var keep = Math.Min(compactor.Budget.KeepRecent, view.Tokens / 2);
            var before = Math.Max(turn.Session.ContextTokens, view.Tokens);
            return (await compactor.CompactAsync(turn, model, view, CompactionReason.Overflow, keep, before, null, cancellationToken))?.Session;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, turn.Route.SessionKey, CompactionReason.Overflow);
            return null;
        }
    }

    /// <summary>Runs <c>/compact</c>; returns the reply for the user.</summary>
    public async Task<string> CommandAsync(AcceptedTurn turn, IChatClient model, string? focus, CancellationToken cancellationToken)
    {
        try
        {
            var view = await compactor.ViewAsync(turn, cancellationToken);
            var keep = compactor.Budget.KeepRecent;
            var result = await compactor.CompactAsync(
                turn, model, view, CompactionReason.Command, keep, Math.Max(turn.Session.ContextTokens, view.Tokens), focus, cancellationToken);
            return result is null
                ? $"Nothing to compact yet: the conversation fits in the {keep} most recent tokens, which are always kept verbatim."
                : $"Conversation compacted: {result.Summarised} earlier {(result.Summarised == 1 ? "message" : "messages")} summarised.";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(e, turn.Route.SessionKey, CompactionReason.Command);
            return ApologyText.For(e, "compact the conversation");
        }
    }

    // The provider's count of the last prompt plus what was written since, when it reported one; never less than the estimate of this prompt.
    private static long PromptTokens(AcceptedTurn turn, IReadOnlyList<ChatMessage> prompt, CompactionView view)
    {
        var estimate = TokenEstimator.Of(prompt);
        if (turn.Session.ContextTokens <= 0)
        {
            return estimate;
        }

        var ownSeq = turn.UserEntry.Seq;
        var previousUser = view.Lines.LastOrDefault(l => l is { Kind: TranscriptKind.Message, Role: "user" } && l.Seq < ownSeq)?.Seq ?? 0;
        var since = view.Lines.Where(l => l.Seq > previousUser && l.Seq <= ownSeq).Sum(TokenEstimator.Of);
        return Math.Max(estimate, turn.Session.ContextTokens + since);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Compaction ({Reason}) failed for {SessionKey}; nothing was summarised")]
    private partial void LogFailed(Exception exception, string sessionKey, CompactionReason reason);
}
