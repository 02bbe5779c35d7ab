using Carapace.Channels.CrabCallr.Config;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Microsoft.Extensions.Logging;

namespace Carapace.Channels.CrabCallr.Calls;

/// <summary>
/// One live call, from <c>call_start</c> (or its first <c>user_message</c>) to <c>call_end</c> or disconnect: the turn
/// and utterance counters, the running answer, fillers, the request timeout and idle prompts. All changes happen
/// under one async lock, so timers, the read loop and reply chunks never interleave inside a call.
/// </summary>
internal sealed class CallState : IDisposable
{
    private const int SpokenTurnsKept = 16;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CrabCallrOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<Frame, ValueTask> _send;
    private readonly ILogger _logger;
    private readonly string _userId;
    private readonly ITimer _idleTimer;
    private readonly Dictionary<string, string> _spoken = new(StringComparer.Ordinal);
    private readonly Queue<string> _spokenOrder = new();
    private TurnState? _turn;
    private int _turnNumber;
    private int _index;
    private int _fillerCursor;
    private int _idlePrompts;
    private bool _endRequested;
    private bool _closed;

    public CallState(string callId, string userId, CrabCallrOptions options, TimeProvider time, Func<Frame, ValueTask> send, ILogger logger)
    {
        CallId = callId;
        _userId = userId;
        _options = options;
        _time = time;
        _send = send;
        _logger = logger;
        _idleTimer = time.CreateTimer(_ => Fire(IdleAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmIdle();
    }

    public string CallId { get; }

    /// <summary>Starts the answer to a new user message; a turn still running is superseded (barge-in) and sends nothing more.</summary>
    public async Task BeginTurnAsync(string messageId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            if (_turn is { Done: false } running)
            {
                CrabCallrLog.TurnSuperseded(_logger, CallId, running.MessageId, messageId);
                running.Finish();
            }

            _turnNumber++;
            _index = 0;
            _idlePrompts = 0;
            _idleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var turn = new TurnState(messageId);
            turn.Timeout = _time.CreateTimer(_ => Fire(() => TimeoutAsync(turn)), null, _options.RequestTimeout, Timeout.InfiniteTimeSpan);
            if (_options.Fillers is { Enabled: true, MaxPerRequest: > 0 } fillers)
            {
                turn.Filler = _time.CreateTimer(
                    _ => Fire(() => FillerAsync(turn)), null, TimeSpan.FromSeconds(fillers.InitialDelaySec), TimeSpan.FromSeconds(fillers.IntervalSec));
            }

            _turn = turn;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Speaks a reply chunk of the turn answering <paramref name="messageId"/>; chunks of a superseded or finished turn are dropped.</summary>
    public async Task ChunkAsync(string? messageId, OutboundChunk chunk, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            if (messageId is null)
            {
                await OutOfBandAsync(chunk).ConfigureAwait(false);
                return;
            }

            var turn = _turn;
            if (turn is null || turn.Done || turn.MessageId != messageId)
            {
                CrabCallrLog.ChunkDropped(_logger, CallId, messageId);
                return;
            }

            if (!chunk.IsFinal)
            {
                foreach (var sentence in turn.Append(chunk.Text))
                {
                    await SpeakAsync(sentence, endCall: false, turn).ConfigureAwait(false);
                }

                return;
            }

            await FinishAsync(turn, chunk).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The answer text actually spoken for a user message (fillers excluded), for the transcript.</summary>
    public string? SpokenFor(string messageId)
    {
        lock (_spoken)
        {
            return _spoken.GetValueOrDefault(messageId);
        }
    }

    /// <summary>Stops every timer; later chunks and timer ticks do nothing.</summary>
    public void Dispose()
    {
        _closed = true;
        _turn?.Finish();
        _idleTimer.Dispose();
    }

    private async Task FinishAsync(TurnState turn, OutboundChunk chunk)
    {
        turn.Finish();
        var rest = turn.Remainder(chunk.Text);
        if (chunk.EndConversation)
        {
            _endRequested = true;
            if (rest.Length > 0)
            {
                await SpeakAsync(rest, endCall: true, turn).ConfigureAwait(false);
            }
            else
            {
                await _send(new CallEndRequestFrame(_userId, CallId) { Ts = Now() }).ConfigureAwait(false);
            }

            return;
        }

        if (rest.Length > 0)
        {
            await SpeakAsync(rest, endCall: false, turn).ConfigureAwait(false);
        }
        else if (!turn.HasSpoken)
        {
            await SpeakAsync(FallbackLines.Empty, endCall: false, answer: null).ConfigureAwait(false);
        }

        ArmIdle();
    }

    private async Task OutOfBandAsync(OutboundChunk chunk)
    {
        var text = chunk.Text.Trim();
        if (!chunk.IsFinal || text.Length == 0)
        {
            return;
        }

        _endRequested |= chunk.EndConversation;
        var frame = new UtteranceFrame(UtteranceIds.OutOfBand(Now()), CallId, Clip(text)) { EndCall = chunk.EndConversation ? true : null, Ts = Now() };
        await _send(frame).ConfigureAwait(false);
    }

    private async Task FillerAsync(TurnState turn)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var fillers = _options.Fillers;
            if (_closed || _endRequested || turn != _turn || turn.Done || turn.HasSpoken || turn.FillersSent >= fillers.MaxPerRequest)
            {
                return;
            }

            var phrase = fillers.Phrases[_fillerCursor++ % fillers.Phrases.Count];
            turn.FillersSent++;
            if (turn.FillersSent >= fillers.MaxPerRequest)
            {
                turn.Filler?.Dispose();
            }

            await SpeakAsync(phrase, endCall: false, answer: null).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task TimeoutAsync(TurnState turn)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed || turn != _turn || turn.Done)
            {
                return;
            }

            CrabCallrLog.TurnTimedOut(_logger, CallId, turn.MessageId, _options.RequestTimeout.TotalSeconds);
            turn.Finish();
            await SpeakAsync(FallbackLines.Timeout, endCall: false, answer: null).ConfigureAwait(false);
            ArmIdle();
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task IdleAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed || _endRequested || _turn is { Done: false })
            {
                return;
            }

            _turnNumber++;
            _index = 0;
            if (_idlePrompts < _options.Idle.MaxPrompts)
            {
                _idlePrompts++;
                await SpeakAsync(_options.Idle.Prompt, endCall: false, answer: null).ConfigureAwait(false);
                ArmIdle();
            }
            else
            {
                _endRequested = true;
                await SpeakAsync(_options.Idle.EndMessage, endCall: true, answer: null).ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task SpeakAsync(string text, bool endCall, TurnState? answer)
    {
        text = Clip(text);
        if (answer is not null)
        {
            answer.RecordSpoken(text);
            Remember(answer.MessageId, answer.Spoken);
        }

        var frame = new UtteranceFrame(UtteranceIds.Format(_turnNumber, ++_index), CallId, text) { EndCall = endCall ? true : null, Ts = Now() };
        await _send(frame).ConfigureAwait(false);
    }

    private void Remember(string messageId, string spoken)
    {
        lock (_spoken)
        {
            if (!_spoken.ContainsKey(messageId))
            {
                _spokenOrder.Enqueue(messageId);
                if (_spokenOrder.Count > SpokenTurnsKept)
                {
                    _spoken.Remove(_spokenOrder.Dequeue());
                }
            }

            _spoken[messageId] = spoken;
        }
    }

    private void ArmIdle()
    {
        if (_options.Idle.Enabled && !_endRequested && !_closed)
        {
            _idleTimer.Change(TimeSpan.FromSeconds(_options.Idle.TimeoutSec), Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire(Func<Task> work) => _ = RunAsync(work);

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CrabCallrLog.TimerFailed(_logger, CallId, e);
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Clip(string text) => text.Length > FrameCodec.MaxTextLength ? text[..FrameCodec.MaxTextLength] : text;
}
