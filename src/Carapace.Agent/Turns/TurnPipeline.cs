using System.Text.Json.Nodes;
using Carapace.Agent.Abstractions;
using Carapace.Agent.Compaction;
using Carapace.Agent.Prompt;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Core.Turns;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Turns;

/// <summary>
/// Orders the stages of a turn and nothing more: accept (session + durable user line), the send policy, then recall,
/// prompt, compaction near the window, model with tools (retried once after compacting when the provider says the prompt
/// is too long), transcript, delivery to the route's own target, and post-turn hooks. <c>/compact</c> compacts instead
/// of answering. A turn never throws: a failing model gets a short apology, a missing model gets one line on how to
/// configure it.
/// </summary>
public sealed partial class TurnPipeline
{
    private readonly TurnServices _services;
    private readonly SessionStage _session;
    private readonly SendPolicyStage _sendPolicy;
    private readonly RecallStage _recall;
    private readonly PromptStage _prompt;
    private readonly CompactionTriggers _compaction;
    private readonly ModelStage _model;
    private readonly TranscriptStage _transcript;
    private readonly PostTurnStage _postTurn;
    private readonly ILogger _logger;

    /// <summary>Builds the stages from their services.</summary>
    public TurnPipeline(TurnServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<TurnPipeline>();
        _session = new SessionStage(services.Sessions, services.Transcripts, services.Time);
        _sendPolicy = new SendPolicyStage(services.SendPolicy, _logger);
        _recall = new RecallStage(services.Recall, _logger);
        _prompt = new PromptStage(new SystemPromptBuilder(services.Agents, services.Time), services.Transcripts, services.Channels, services.PromptContributors);
        _compaction = new CompactionTriggers(
            new Compactor(services.Transcripts, services.Sessions, services.MemoryFlush, services.Agents, services.Time, _logger), _logger);
        _model = new ModelStage(services.ToolSources);
        _transcript = new TranscriptStage(services.Transcripts, services.Sessions, services.Time, _logger);
        _postTurn = new PostTurnStage(services.PostTurnHooks, _logger);
    }

    /// <summary>Stage 1: resolves the session and appends the user's message; once this returns the message is durable.</summary>
    public Task<AcceptedTurn> AcceptAsync(Route route, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(message);
        return _session.AcceptAsync(route, message, cancellationToken);
    }

    /// <summary>The send policy and stages 2–6 for an accepted message. Cancelling it interrupts the turn (barge-in) and keeps what was said.</summary>
    public async Task<TurnOutcome> RunAsync(AcceptedTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.IsDuplicate)
        {
            LogDuplicate(turn.Route.SessionKey, turn.Message.ChannelMessageId);
            return new TurnOutcome("", TurnEnd.Command);
        }

        if (!_sendPolicy.Allows(turn))
        {
            return new TurnOutcome("", TurnEnd.Denied);
        }

        var delivery = turn.Route.Delivery;
        if (_services.Channels.Find(delivery) is not { } adapter)
        {
            LogNoChannel(delivery.Channel, turn.Route.SessionKey);
            return new TurnOutcome("", TurnEnd.Failed);
        }

        var reply = new ReplyStream(adapter, delivery, turn.Rotation is { Reason: not RotationReason.New } rotation ? rotation.Notice : "");
        try
        {
            return await RunStagesAsync(turn, reply, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Only what reached the person (on a call: what was spoken before the caller cut in) enters the transcript.
            var delivered = reply.DeliveredText;
            await BestEffortAsync(turn, () => delivered.Length > 0
                ? _transcript.AppendTextAsync(turn, delivered, TranscriptMetadata.Of((TranscriptMetadata.Interrupted, true)), CancellationToken.None)
                : Task.CompletedTask);
            return new TurnOutcome(delivered, TurnEnd.Interrupted);
        }
        catch (Exception e)
        {
            LogTurnFailed(e, turn.Route.SessionKey);
            var apology = ApologyText.For(e);
            await BestEffortAsync(turn, () => reply.CompleteAsync(apology, CancellationToken.None).AsTask());
            return new TurnOutcome(apology, TurnEnd.Failed);
        }
    }

    private async Task BestEffortAsync(AcceptedTurn turn, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            LogTurnFailed(e, turn.Route.SessionKey);
        }
    }

    private async Task<TurnOutcome> RunStagesAsync(AcceptedTurn turn, ReplyStream reply, CancellationToken cancellationToken)
    {
        if (turn.Body.Length == 0)
        {
            return new TurnOutcome(await reply.CompleteAsync("", cancellationToken), TurnEnd.Command);
        }

        var model = _services.Models.Resolve(_services.Agents.ModelFor(turn.Route.AgentId));
        if (!model.IsConfigured)
        {
            await _transcript.AppendTextAsync(turn, model.Problem, TranscriptMetadata.Of((TranscriptMetadata.Synthetic, true)), cancellationToken);
            return new TurnOutcome(await reply.CompleteAsync(model.Problem, cancellationToken), TurnEnd.NoModel);
        }

        if (CompactionTriggers.IsCommand(turn.Body, out var focus))
        {
            var done = await _compaction.CommandAsync(turn, model.Client, focus, cancellationToken);
            await _transcript.AppendTextAsync(turn, done, TranscriptMetadata.Of((TranscriptMetadata.Synthetic, true)), cancellationToken);
            return new TurnOutcome(await reply.CompleteAsync(done, cancellationToken), TurnEnd.Command);
        }

        var recall = await _recall.RecallAsync(turn, cancellationToken);
        var prompt = await _prompt.BuildAsync(turn, recall, cancellationToken);
        if (await _compaction.BeforeModelAsync(turn, model.Client, prompt, cancellationToken) is { } compacted)
        {
            turn = turn with { Session = compacted };
            prompt = await _prompt.BuildAsync(turn, recall, cancellationToken);
        }

        ChatResponse response;
        try
        {
            (response, turn) = await RunModelAsync(model.Client, turn, recall, prompt, reply, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogModelFailed(e, model.Reference.ToString(), turn.Route.SessionKey);
            var apology = ApologyText.For(e);
            await _transcript.AppendTextAsync(turn, apology, TranscriptMetadata.Of((TranscriptMetadata.Synthetic, true)), cancellationToken);
            var partial = reply.ModelText;
            var text = await reply.CompleteAsync(partial.Length > 0 ? partial + "\n\n" + apology : apology, cancellationToken);
            return new TurnOutcome(text, TurnEnd.Failed);
        }

        var recalled = recall.MemoryIds.Count > 0 ? new JsonArray([.. recall.MemoryIds.Select(id => JsonValue.Create(id))]) : null;
        var appended = await _transcript.AppendResponseAsync(turn, response, recalled is null ? null : TranscriptMetadata.Of(("recalled", recalled)), cancellationToken);
        var delivered = await reply.CompleteAsync(reply.ModelText, cancellationToken);
        await _postTurn.RunAsync(new CompletedTurn(turn.Route, turn.Session.SessionId, turn.Body, reply.ModelText, appended), cancellationToken);
        return new TurnOutcome(delivered, TurnEnd.Completed);
    }

    // A prompt the provider rejected as too long is compacted and sent once more, unless part of the answer already went out.
    private async Task<(ChatResponse Response, AcceptedTurn Turn)> RunModelAsync(
        IChatClient model, AcceptedTurn turn, RecallResult recall, IReadOnlyList<ChatMessage> prompt, ReplyStream reply, CancellationToken cancellationToken)
    {
        try
        {
            return (await _model.RunAsync(model, turn, prompt, reply, cancellationToken), turn);
        }
        catch (Exception e) when (ContextOverflow.Is(e) && reply.ModelText.Length == 0 && !cancellationToken.IsCancellationRequested)
        {
            LogOverflow(turn.Route.SessionKey);
            if (await _compaction.RecoverAsync(turn, model, cancellationToken) is not { } compacted)
            {
                throw;
            }

            turn = turn with { Session = compacted };
            prompt = await _prompt.BuildAsync(turn, recall, cancellationToken);
            return (await _model.RunAsync(model, turn, prompt, reply, cancellationToken), turn);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model rejected the prompt of {SessionKey} as too long; compacting and retrying once")]
    private partial void LogOverflow(string sessionKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} failed for {SessionKey}; an apology was sent")]
    private partial void LogModelFailed(Exception exception, string model, string sessionKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for {SessionKey}; the user's message is kept in the transcript")]
    private partial void LogTurnFailed(Exception exception, string sessionKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "No channel adapter is registered for '{Channel}'; the reply for {SessionKey} was not delivered")]
    private partial void LogNoChannel(string channel, string sessionKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {ChannelMessageId} for {SessionKey} was already in the transcript; no second turn")]
    private partial void LogDuplicate(string sessionKey, string? channelMessageId);
}
