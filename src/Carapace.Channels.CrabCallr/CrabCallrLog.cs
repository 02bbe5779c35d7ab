using Microsoft.Extensions.Logging;

namespace Carapace.Channels.CrabCallr;

/// <summary>Source-generated log messages of the CrabCallr channel; message text is logged only at Trace.</summary>
internal static partial class CrabCallrLog
{
    [LoggerMessage(1, LogLevel.Information, "CrabCallr account {AccountId}: connecting to {Url}")]
    public static partial void Connecting(ILogger logger, string accountId, Uri url);

    [LoggerMessage(2, LogLevel.Information, "CrabCallr account {AccountId}: authenticated as user {UserId}")]
    public static partial void Authenticated(ILogger logger, string accountId, string userId);

    [LoggerMessage(3, LogLevel.Error, "CrabCallr account {AccountId}: authentication failed ({Reason}); not reconnecting, fix channels.crabcallr apiKey")]
    public static partial void AuthFailed(ILogger logger, string accountId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "CrabCallr account {AccountId}: disconnected ({Reason}); reconnect attempt {Attempt} in {Delay}")]
    public static partial void Reconnecting(ILogger logger, string accountId, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Error, "CrabCallr account {AccountId}: {Reason}")]
    public static partial void Stopped(ILogger logger, string accountId, string reason);

    [LoggerMessage(6, LogLevel.Warning, "CrabCallr account {AccountId}: skipped a frame: {Reason}")]
    public static partial void BadFrame(ILogger logger, string accountId, string reason);

    [LoggerMessage(7, LogLevel.Information, "CrabCallr call {CallId}: answer to {OldMessageId} superseded by {NewMessageId} (barge-in)")]
    public static partial void TurnSuperseded(ILogger logger, string callId, string oldMessageId, string newMessageId);

    [LoggerMessage(8, LogLevel.Debug, "CrabCallr call {CallId}: dropped a reply chunk for {MessageId}, which is no longer the current turn")]
    public static partial void ChunkDropped(ILogger logger, string callId, string messageId);

    [LoggerMessage(9, LogLevel.Warning, "CrabCallr call {CallId}: no answer to {MessageId} within {Seconds} s; spoke the timeout line")]
    public static partial void TurnTimedOut(ILogger logger, string callId, string messageId, double seconds);

    [LoggerMessage(10, LogLevel.Error, "CrabCallr call {CallId}: a timer action failed")]
    public static partial void TimerFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(11, LogLevel.Debug, "CrabCallr account {AccountId}: reply for call {CallId}, which is not active; dropped")]
    public static partial void NoSuchCall(ILogger logger, string accountId, string callId);

    [LoggerMessage(12, LogLevel.Warning, "CrabCallr account {AccountId}: no pong within 10 s; closing with 4000")]
    public static partial void PingTimedOut(ILogger logger, string accountId);

    [LoggerMessage(13, LogLevel.Trace, "CrabCallr call {CallId}: caller said {Text}")]
    public static partial void UserSaid(ILogger logger, string callId, string text);
}
