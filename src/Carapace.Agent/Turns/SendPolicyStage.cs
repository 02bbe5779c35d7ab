using Carapace.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Turns;

/// <summary>
/// Runs right after a message is accepted: where <c>session.sendPolicy</c> denies sending, the turn stops there, so the
/// user's message stays in the transcript but no model is called and nothing (not even a reset notice) is delivered.
/// </summary>
internal sealed partial class SendPolicyStage(SendPolicy policy, ILogger logger)
{
    /// <summary>True when the agent may answer in the turn's conversation; a denial is logged.</summary>
    public bool Allows(AcceptedTurn turn)
    {
        var route = turn.Route;
        if (policy.Evaluate(route.SessionKey, route.Channel, route.ChatType) == SendAction.Allow)
        {
            return true;
        }

        LogDenied(route.SessionKey);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "session.sendPolicy denies sending in {SessionKey}; the message is stored and no reply is made")]
    private partial void LogDenied(string sessionKey);
}
