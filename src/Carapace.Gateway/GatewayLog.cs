using Microsoft.Extensions.Logging;

namespace Carapace.Gateway;

/// <summary>The gateway's log messages, source-generated; message text is never logged above Trace.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Client frame refused: {Reason}")]
    public static partial void FrameRefused(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Error, "Dispatching a message from client channel {Channel} failed")]
    public static partial void DispatchFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "The turn of client message {Id} failed")]
    public static partial void TurnFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Client request without a valid token refused from {Remote}")]
    public static partial void Unauthorized(ILogger logger, string? remote);

    [LoggerMessage(5, LogLevel.Debug, "Client socket closed abruptly")]
    public static partial void SocketLost(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Reply for {Channel} peer {Peer} has no open socket; it stays in the transcript")]
    public static partial void NoSocketForReply(ILogger logger, string channel, string peer);

    [LoggerMessage(7, LogLevel.Error, "Channel {Channel} stopped with an error")]
    public static partial void ChannelFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "A message from channel {Channel} could not be dispatched and was skipped")]
    public static partial void InboundSkipped(ILogger logger, string channel, Exception exception);
}
