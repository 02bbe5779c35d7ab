using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Carapace.Channels.CrabCallr.Wire;
using Microsoft.Extensions.Logging;

namespace Carapace.Voice.Relay;

/// <summary>
/// A self-hostable stand-in for the hosted CrabCallr relay: plugins (agent hosts) authenticate with an API key at
/// <c>/plugin</c>, voice agents with a shared secret at <c>/agent</c>, and calls are routed by user in both directions.
/// One plugin per user (a newer one replaces the older with 1000); close codes 4001/4002/4003 as the original.
/// </summary>
public sealed class VoiceRelay
{
    /// <summary>What the caller hears when the user's agent host is not connected.</summary>
    public const string NoPluginText = "I can't reach your assistant right now. Please try again later.";

    private readonly RelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _usersByKey;
    private readonly ConcurrentDictionary<string, FrameSocket> _plugins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FrameSocket> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RelayRoute> _calls = new(StringComparer.Ordinal);

    public VoiceRelay(RelayOptions options, TimeProvider timeProvider, ILogger<VoiceRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _usersByKey = options.ApiKeys.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }

    /// <summary>Connected plugins (one per user).</summary>
    public int PluginCount => _plugins.Count;

    /// <summary>Connected voice agents.</summary>
    public int AgentCount => _agents.Count;

    /// <summary>Calls currently routed.</summary>
    public int CallCount => _calls.Count;

    /// <summary>Serves one plugin socket until it closes.</summary>
    public async Task HandlePluginAsync(WebSocket webSocket, CancellationToken cancellationToken)
    {
        var socket = new FrameSocket(webSocket);
        string? userId = null;
        using var authTimer = _time.CreateTimer(_ => _ = TimeoutIfUnauthenticated(socket, () => userId), null, _options.AuthTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (await ReadAsync(socket, "plugin", cancellationToken).ConfigureAwait(false) is { } frame)
            {
                if (userId is not null)
                {
                    await FromPluginAsync(userId, socket, frame, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (frame is not AuthFrame auth || !_usersByKey.TryGetValue(auth.ApiKey.Trim(), out var user))
                {
                    var reason = frame is AuthFrame ? "Invalid API key" : "Not authenticated";
                    await socket.SendAsync(new AuthResultFrame(false) { Error = reason, Ts = Now() }, cancellationToken).ConfigureAwait(false);
                    await RefuseAsync(socket, "plugin", CloseCodes.AuthFailed, reason).ConfigureAwait(false);
                    return;
                }

                userId = user;
                if (_plugins.TryGetValue(user, out var older))
                {
                    RelayLog.PluginReplaced(_logger, user);
                    await older.CloseAsync(CloseCodes.Normal, "New connection established").ConfigureAwait(false);
                }

                _plugins[user] = socket;
                RelayLog.PluginConnected(_logger, user);
                await socket.SendAsync(new AuthResultFrame(true) { UserId = user, Ts = Now() }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (userId is not null)
            {
                _plugins.TryRemove(new KeyValuePair<string, FrameSocket>(userId, socket));
            }
        }
    }

    /// <summary>Serves one voice-agent socket until it closes; its calls end with it.</summary>
    public async Task HandleAgentAsync(WebSocket webSocket, CancellationToken cancellationToken)
    {
        var socket = new FrameSocket(webSocket);
        string? agentId = null;
        using var authTimer = _time.CreateTimer(_ => _ = TimeoutIfUnauthenticated(socket, () => agentId), null, _options.AuthTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (await ReadAsync(socket, "agent", cancellationToken).ConfigureAwait(false) is { } frame)
            {
                if (agentId is not null)
                {
                    await FromAgentAsync(socket, frame, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (frame is not AgentConnectFrame connect || !SecretMatches(connect.AgentSecret))
                {
                    var reason = frame is AgentConnectFrame ? "Invalid agent secret" : "Not authenticated";
                    await socket.SendAsync(new AgentAuthResultFrame(false) { Error = reason, Ts = Now() }, cancellationToken).ConfigureAwait(false);
                    await RefuseAsync(socket, "agent", CloseCodes.AuthFailed, reason).ConfigureAwait(false);
                    return;
                }

                agentId = connect.AgentId;
                if (_agents.TryGetValue(agentId, out var older))
                {
                    await older.CloseAsync(CloseCodes.Normal, "New connection established").ConfigureAwait(false);
                }

                _agents[agentId] = socket;
                RelayLog.AgentConnected(_logger, agentId);
                await socket.SendAsync(new AgentAuthResultFrame(true) { Ts = Now() }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (agentId is not null)
            {
                _agents.TryRemove(new KeyValuePair<string, FrameSocket>(agentId, socket));
            }

            foreach (var (callId, route) in _calls)
            {
                if (route.Agent == socket)
                {
                    _calls.TryRemove(callId, out _);
                }
            }
        }
    }

    private async Task FromPluginAsync(string userId, FrameSocket plugin, Frame frame, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case PingFrame:
                await plugin.SendAsync(new PongFrame { Ts = Now() }, cancellationToken).ConfigureAwait(false);
                break;
            case UtteranceFrame utterance:
                await ToAgentAsync(userId, utterance.CallId, utterance, cancellationToken).ConfigureAwait(false);
                break;
            case CallEndRequestFrame request when request.UserId == userId:
                await ToAgentAsync(userId, request.CallId, request, cancellationToken).ConfigureAwait(false);
                break;
            default:
                RelayLog.Dropped(_logger, frame.GetType().Name, "-", "not a plugin message, or userId is not the authenticated user");
                break;
        }
    }

    private async Task ToAgentAsync(string userId, string callId, Frame frame, CancellationToken cancellationToken)
    {
        if (_calls.TryGetValue(callId, out var route) && route.UserId == userId)
        {
            await route.Agent.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            RelayLog.Dropped(_logger, frame.GetType().Name, callId, "the call is not active for this user");
        }
    }

    private async Task FromAgentAsync(FrameSocket agent, Frame frame, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case PingFrame:
                await agent.SendAsync(new PongFrame { Ts = Now() }, cancellationToken).ConfigureAwait(false);
                break;
            case IsPluginConnectedFrame question:
                var answer = new PluginConnectedResultFrame { UserId = question.UserId, Connected = _plugins.ContainsKey(question.UserId), Ts = Now() };
                await agent.SendAsync(answer, cancellationToken).ConfigureAwait(false);
                break;
            case CallStartFrame { UserId: { } user } start:
                _calls[start.CallId] = new RelayRoute(user, agent);
                await ToPluginAsync(user, new CallStartFrame(start.CallId, start.Source) { Ts = Now() }, cancellationToken).ConfigureAwait(false);
                break;
            case UserMessageFrame { UserId: { } user } message:
                _calls[message.CallId] = new RelayRoute(user, agent);
                var forwarded = new UserMessageFrame(message.MessageId, message.Text, message.CallId) { Ts = Now() };
                if (!await ToPluginAsync(user, forwarded, cancellationToken).ConfigureAwait(false))
                {
                    var error = new UtteranceFrame("sys_error", message.CallId, NoPluginText) { Ts = Now() };
                    await agent.SendAsync(error, cancellationToken).ConfigureAwait(false);
                }

                break;
            case CallEndFrame { UserId: { } user } end:
                _calls.TryRemove(end.CallId, out _);
                await ToPluginAsync(user, new CallEndFrame(end.CallId, end.DurationSeconds, end.Source, end.StartedAt) { Ts = Now() }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                RelayLog.Dropped(_logger, frame.GetType().Name, "-", "not a voice-agent message, or userId missing");
                break;
        }
    }

    private async Task<bool> ToPluginAsync(string userId, Frame frame, CancellationToken cancellationToken) =>
        _plugins.TryGetValue(userId, out var plugin) && await plugin.SendAsync(frame, cancellationToken).ConfigureAwait(false);

    // The next valid frame, or null when the socket closed or sent something that is not a protocol frame (closed with 4002).
    private async Task<Frame?> ReadAsync(FrameSocket socket, string side, CancellationToken cancellationToken)
    {
        try
        {
            var message = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message.CloseCode is not null)
            {
                return null;
            }

            if (message.Data is { } data && FrameCodec.TryParse(data.Span, out var frame, out _, maxTextLength: int.MaxValue))
            {
                return frame;
            }

            await RefuseAsync(socket, side, CloseCodes.InvalidMessage, "Invalid message format").ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private async Task TimeoutIfUnauthenticated(FrameSocket socket, Func<string?> authenticatedAs)
    {
        if (authenticatedAs() is null)
        {
            await RefuseAsync(socket, "unauthenticated socket", CloseCodes.AuthTimeout, "Authentication timeout").ConfigureAwait(false);
        }
    }

    private async Task RefuseAsync(FrameSocket socket, string side, int code, string reason)
    {
        RelayLog.Refused(_logger, side, code, reason);
        await socket.CloseAsync(code, reason).ConfigureAwait(false);
    }

    private bool SecretMatches(string secret) =>
        _options.AgentSecret.Length > 0 &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(_options.AgentSecret));

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
