namespace Carapace.Agent.Abstractions;

/// <summary>
/// Stage 6 of a turn: runs after the reply was delivered and written, e.g. to queue automatic memory capture. It
/// should only enqueue work and return: the session's next turn waits for it.
/// </summary>
public interface IPostTurnHook
{
    /// <summary>Called once per completed turn; a failure is logged and does not affect the reply.</summary>
    ValueTask OnTurnCompletedAsync(CompletedTurn turn, CancellationToken cancellationToken);
}
