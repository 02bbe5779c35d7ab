using Microsoft.Extensions.Logging;

namespace Carapace.Voice.Relay;

/// <summary>Source-generated log messages of the relay; call text is never logged.</summary>
internal static partial class RelayLog
{
    [LoggerMessage(1, LogLevel.Information, "Relay: plugin for user {UserId} connected")]
    public static partial void PluginConnected(ILogger logger, string userId);

    [LoggerMessage(2, LogLevel.Information, "Relay: plugin for user {UserId} replaced by a newer connection")]
    public static partial void PluginReplaced(ILogger logger, string userId);

    [LoggerMessage(3, LogLevel.Information, "Relay: voice agent {AgentId} connected")]
    public static partial void AgentConnected(ILogger logger, string agentId);

    [LoggerMessage(4, LogLevel.Warning, "Relay: {Side} closed with {Code}: {Reason}")]
    public static partial void Refused(ILogger logger, string side, int code, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Relay: dropped {Type} for call {CallId}: {Reason}")]
    public static partial void Dropped(ILogger logger, string type, string callId, string reason);
}
