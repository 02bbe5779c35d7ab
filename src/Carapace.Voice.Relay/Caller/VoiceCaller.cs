using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Carapace.Channels.CrabCallr.Wire;

namespace Carapace.Voice.Relay.Caller;

/// <summary>
/// A simulated voice agent (the hosted speech side): connects to a relay's <c>/agent</c>, starts calls, sends caller
/// transcripts and receives utterances. Used by <c>carapace voice call</c>, the protocol tests and the benchmark.
/// </summary>
public sealed class VoiceCaller : IAsyncDisposable
{
    private readonly ClientWebSocket _webSocket;
    private readonly FrameSocket _socket;
    private readonly TimeProvider _time;
    private readonly Channel<ReceivedFrame> _received = Channel.CreateUnbounded<ReceivedFrame>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly ConcurrentQueue<TaskCompletionSource<bool>> _pluginQuestions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private VoiceCaller(ClientWebSocket webSocket, TimeProvider time)
    {
        _webSocket = webSocket;
        _socket = new FrameSocket(webSocket);
        _time = time;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Frames from the relay (utterances, call_end_request, pongs), in arrival order; completes when the socket closes.</summary>
    public ChannelReader<ReceivedFrame> Received => _received.Reader;

    /// <summary>Connects and authenticates with the shared secret; throws with the relay's reason when refused.</summary>
    public static async Task<VoiceCaller> ConnectAsync(Uri agentUri, string agentSecret, string agentId, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var webSocket = new ClientWebSocket();
        try
        {
            await webSocket.ConnectAsync(agentUri, cancellationToken).ConfigureAwait(false);
            var socket = new FrameSocket(webSocket);
            await socket.SendAsync(new AgentConnectFrame(agentSecret, agentId) { Ts = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken).ConfigureAwait(false);
            var reply = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            Frame? frame = null;
            if (reply.Data is not { } data || !FrameCodec.TryParse(data.Span, out frame, out _) || frame is not AgentAuthResultFrame { Success: true })
            {
                var reason = (frame as AgentAuthResultFrame)?.Error ?? reply.CloseReason ?? "no agent_auth_result";
                throw new InvalidOperationException($"the relay at {agentUri} refused the voice agent: {reason}");
            }

            return new VoiceCaller(webSocket, timeProvider);
        }
        catch
        {
            webSocket.Dispose();
            throw;
        }
    }

    /// <summary>Starts a call for a user.</summary>
    public Task StartCallAsync(string userId, string callId, string source, CancellationToken cancellationToken) =>
        SendAsync(new CallStartFrame(callId, source) { UserId = userId, Ts = Now() }, cancellationToken);

    /// <summary>Sends what the caller said.</summary>
    public Task SendUserMessageAsync(string userId, string callId, string messageId, string text, CancellationToken cancellationToken) =>
        SendAsync(new UserMessageFrame(messageId, text, callId) { UserId = userId, Ts = Now() }, cancellationToken);

    /// <summary>Hangs up.</summary>
    public Task EndCallAsync(string userId, string callId, string source, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var frame = new CallEndFrame(callId, Math.Round((now - startedAt).TotalSeconds, 3), source, startedAt.ToUnixTimeMilliseconds()) { UserId = userId, Ts = now.ToUnixTimeMilliseconds() };
        return SendAsync(frame, cancellationToken);
    }

    /// <summary>Asks the relay whether the user's agent host is connected.</summary>
    public async Task<bool> IsPluginConnectedAsync(string userId, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pluginQuestions.Enqueue(answer);
        await SendAsync(new IsPluginConnectedFrame(userId) { Ts = Now() }, cancellationToken).ConfigureAwait(false);
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.CloseAsync(CloseCodes.Normal, "caller done").ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _webSocket.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(Frame frame, CancellationToken cancellationToken)
    {
        if (!await _socket.SendAsync(frame, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the relay connection is closed");
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var message = await _socket.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                if (message.CloseCode is not null)
                {
                    return;
                }

                if (message.Data is { } data && FrameCodec.TryParse(data.Span, out var frame, out _, maxTextLength: int.MaxValue))
                {
                    if (frame is PluginConnectedResultFrame result && _pluginQuestions.TryDequeue(out var question))
                    {
                        question.TrySetResult(result.Connected == true);
                    }
                    else
                    {
                        _received.Writer.TryWrite(new ReceivedFrame(frame!, _time.GetTimestamp()));
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // Closed.
        }
        finally
        {
            _received.Writer.TryComplete();
            while (_pluginQuestions.TryDequeue(out var question))
            {
                question.TrySetException(new InvalidOperationException("the relay connection closed"));
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
