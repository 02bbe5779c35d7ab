using Carapace.Agent.Abstractions;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Turns;

/// <summary>Stage 6: tells the post-turn hooks (memory capture) about the finished turn, after the reply is out.</summary>
internal sealed partial class PostTurnStage(IEnumerable<IPostTurnHook> hooks, ILogger logger)
{
    public async Task RunAsync(CompletedTurn turn, CancellationToken cancellationToken)
    {
        foreach (var hook in hooks)
        {
            try
            {
                await hook.OnTurnCompletedAsync(turn, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHookFailed(e, hook.GetType().Name, turn.Route.SessionKey);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Post-turn hook {Hook} failed for {SessionKey}")]
    private partial void LogHookFailed(Exception exception, string hook, string sessionKey);
}
