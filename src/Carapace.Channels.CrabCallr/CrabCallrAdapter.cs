using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Carapace.Channels.CrabCallr.Calls;
using Carapace.Channels.CrabCallr.Config;
using Carapace.Channels.CrabCallr.Connection;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Microsoft.Extensions.Logging;

namespace Carapace.Channels.CrabCallr;

/// <summary>
/// The agent-host side of CrabCallr protocol v2.0.0 for one account: keeps one outbound WebSocket to the relay, turns
/// caller transcripts into raw <see cref="InboundMessage"/>s (peer = call id) and speaks replies sentence by sentence.
/// It never chooses a session; a new message in a call supersedes the answer still running for it (barge-in).
/// </summary>
public sealed class CrabCallrAdapter : IChannelAdapter, IDeliveredText
{
    /// <summary>The channel name used in routes and session keys.</summary>
    public const string ChannelName = "crabcallr";

    private static readonly ChannelCapabilities Capabilities = new() { Streaming = true, BargeIn = true, EndConversation = true };
    private static readonly ChannelPromptHint PromptHint = new(VoicePrompt.Text);

    private readonly CrabCallrOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<InboundMessage> _inbound = System.Threading.Channels.Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(1024) { SingleWriter = true });
    private readonly ConcurrentDictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private volatile bool _connected;
    private volatile string? _lastError;
    private string _userId = "";
    private int _attempts;

    public CrabCallrAdapter(CrabCallrOptions options, TimeProvider timeProvider, ILogger<CrabCallrAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    public string Channel => ChannelName;

    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    /// <summary>A snapshot for <c>carapace channels status</c>: connected, reconnect attempts, active calls, last error.</summary>
    public ChannelStatus Status => new(ChannelName, _options.AccountId, _connected, Volatile.Read(ref _attempts), _calls.Count, _lastError);

    public object? GetService(Type serviceType) =>
        serviceType == typeof(ChannelCapabilities) ? Capabilities
        : serviceType == typeof(ChannelPromptHint) ? PromptHint
        : serviceType == typeof(ChannelStatus) ? Status
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>
    /// The answer text actually spoken to the caller for the turn <paramref name="target"/> belongs to (its
    /// <see cref="DeliveryTarget.ReplyToMessageId"/>), fillers excluded. After a barge-in this is the part heard before
    /// the interruption, which is what the transcript should record; null when nothing was spoken or the call ended.
    /// </summary>
    public string? GetSpokenText(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.ReplyToMessageId is { } id && _calls.TryGetValue(target.Peer.Id, out var call) ? call.SpokenFor(id) : null;
    }

    /// <summary>What the caller heard of the answer to the target's message (<see cref="GetSpokenText"/>); empty when nothing.</summary>
    public string GetDeliveredText(DeliveryTarget target) => GetSpokenText(target) ?? "";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.AutoConnect)
        {
            CrabCallrLog.Stopped(_logger, _options.AccountId, "autoConnect is false; not connecting");
            return;
        }

        try
        {
            while (true)
            {
                var outcome = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                _lastError = outcome.Error ?? _lastError;
                if (!outcome.Retry)
                {
                    return;
                }

                var attempt = Interlocked.Increment(ref _attempts);
                if (_options.MaxReconnectAttempts > 0 && attempt > _options.MaxReconnectAttempts)
                {
                    _lastError = $"gave up after {_options.MaxReconnectAttempts} reconnect attempts; last error: {outcome.Error}";
                    CrabCallrLog.Stopped(_logger, _options.AccountId, _lastError);
                    return;
                }

                var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectInterval, Random.Shared.NextDouble());
                CrabCallrLog.Reconnecting(_logger, _options.AccountId, outcome.Error ?? "closed", attempt, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            _inbound.Writer.TryComplete();
        }
    }

    public async ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_calls.TryGetValue(target.Peer.Id, out var call))
        {
            CrabCallrLog.NoSuchCall(_logger, _options.AccountId, target.Peer.Id);
            return;
        }

        await call.ChunkAsync(target.ReplyToMessageId, chunk, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        DropCalls();
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private async Task<Outcome> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        CrabCallrLog.Connecting(_logger, _options.AccountId, _options.ServiceUrl);
        try
        {
            await socket.ConnectAsync(_options.ServiceUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            return Outcome.Lost($"cannot connect to {_options.ServiceUrl}: {e.Message}");
        }

        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connection = new FrameSocket(socket);
        using var heartbeat = new Heartbeat(
            _time,
            _options.HeartbeatInterval,
            async () => await connection.SendAsync(new PingFrame { Ts = Now() }, CancellationToken.None).ConfigureAwait(false),
            () => _ = PingTimedOutAsync(connection, connectionCts));
        try
        {
            await connection.SendAsync(new AuthFrame(_options.ApiKey) { Ts = Now() }, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var incoming = await connection.ReceiveAsync(connectionCts.Token).ConfigureAwait(false);
                if (incoming.CloseCode is { } code)
                {
                    return Classify(code, incoming.CloseReason);
                }

                if (incoming.Data is not { } data)
                {
                    CrabCallrLog.BadFrame(_logger, _options.AccountId, incoming.TooLarge ? $"larger than {FrameSocket.MaxFrameBytes} bytes" : "not a text frame");
                    continue;
                }

                if (!FrameCodec.TryParse(data.Span, out var frame, out var error))
                {
                    CrabCallrLog.BadFrame(_logger, _options.AccountId, error!);
                    continue;
                }

                if (await HandleAsync(frame!, connection, heartbeat, cancellationToken).ConfigureAwait(false) is { } stop)
                {
                    await connection.CloseAsync(CloseCodes.Normal, "authentication failed").ConfigureAwait(false);
                    return stop;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Lost("no pong within 10 s (ping timeout)");
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            return Outcome.Lost($"connection lost: {e.Message}");
        }
        finally
        {
            _connected = false;
            DropCalls();
            if (cancellationToken.IsCancellationRequested)
            {
                await connection.CloseAsync(CloseCodes.Normal, "shutting down").ConfigureAwait(false);
            }
        }
    }

    // Handles one valid frame; returns an outcome only when the connection must stop (authentication failed).
    private async Task<Outcome?> HandleAsync(Frame frame, FrameSocket connection, Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case PingFrame:
                await connection.SendAsync(new PongFrame { Ts = Now() }, cancellationToken).ConfigureAwait(false);
                return null;
            case PongFrame:
                heartbeat.PongReceived();
                return null;
            case AuthResultFrame { Success: false } failed:
                var reason = $"authentication failed: {failed.Error ?? "the service refused the API key"}";
                CrabCallrLog.AuthFailed(_logger, _options.AccountId, reason);
                return Outcome.Stop(reason);
            case AuthResultFrame ok:
                _userId = ok.UserId ?? "";
                _connected = true;
                _lastError = null;
                Interlocked.Exchange(ref _attempts, 0);
                CrabCallrLog.Authenticated(_logger, _options.AccountId, _userId);
                return null;
            case CallStartFrame start when _connected:
                CallFor(start.CallId, connection);
                return null;
            case UserMessageFrame message when _connected:
                CrabCallrLog.UserSaid(_logger, message.CallId, message.Text);
                await CallFor(message.CallId, connection).BeginTurnAsync(message.MessageId, cancellationToken).ConfigureAwait(false);
                await _inbound.Writer.WriteAsync(ToInbound(message), cancellationToken).ConfigureAwait(false);
                return null;
            case CallEndFrame end when _connected:
                if (_calls.TryRemove(end.CallId, out var call))
                {
                    call.Dispose();
                }

                return null;
            default:
                CrabCallrLog.BadFrame(_logger, _options.AccountId, _connected ? $"unexpected {frame.GetType().Name} from the service" : $"{frame.GetType().Name} before authentication");
                return null;
        }
    }

    private InboundMessage ToInbound(UserMessageFrame message) => new()
    {
        Channel = ChannelName,
        AccountId = _options.AccountId,
        Peer = new Peer(ChatType.Direct, message.CallId),
        SenderId = message.CallId,
        Text = message.Text,
        ReceivedAt = _time.GetUtcNow(),
        ChannelMessageId = message.MessageId,
    };

    private CallState CallFor(string callId, FrameSocket connection) =>
        _calls.GetOrAdd(callId, id => new CallState(
            id, _userId, _options, _time, async frame => await connection.SendAsync(frame, CancellationToken.None).ConfigureAwait(false), _logger));

    private async Task PingTimedOutAsync(FrameSocket connection, CancellationTokenSource connectionCts)
    {
        CrabCallrLog.PingTimedOut(_logger, _options.AccountId);
        await connection.CloseAsync(CloseCodes.PingTimeout, "Ping timeout").ConfigureAwait(false);
        await connectionCts.CancelAsync().ConfigureAwait(false);
    }

    private Outcome Classify(int code, string? reason) => code switch
    {
        CloseCodes.Normal => Outcome.Stop($"closed normally by the service (1000): {reason}"),
        CloseCodes.AuthFailed => Outcome.Stop($"authentication failed (close 4003): {reason}"),
        _ => Outcome.Lost($"closed by the service with {code}: {reason}"),
    };

    private void DropCalls()
    {
        foreach (var id in _calls.Keys)
        {
            if (_calls.TryRemove(id, out var call))
            {
                call.Dispose();
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private readonly record struct Outcome(bool Retry, string? Error)
    {
        public static Outcome Lost(string error) => new(true, error);

        public static Outcome Stop(string? error) => new(false, error);
    }
}
