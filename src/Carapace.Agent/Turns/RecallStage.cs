using Carapace.Agent.Abstractions;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Turns;

/// <summary>Stage 2: recalls memories in the route's scope; a failing recall is logged and the turn goes on without it.</summary>
internal sealed partial class RecallStage(IMemoryRecall recall, ILogger logger)
{
    public async Task<RecallResult> RecallAsync(AcceptedTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            return await recall.RecallAsync(turn.Route.Memory, turn.Body, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRecallFailed(e, turn.Route.SessionKey);
            return RecallResult.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory recall failed for {SessionKey}; answering without recalled memories")]
    private partial void LogRecallFailed(Exception exception, string sessionKey);
}
