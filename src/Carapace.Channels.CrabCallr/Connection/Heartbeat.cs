namespace Carapace.Channels.CrabCallr.Connection;

/// <summary>
/// The plugin's keepalive: a JSON ping every interval (30 s) from the moment the socket opens; if no pong arrives within 10 s
/// the timeout callback closes the connection (code 4000) so it can be re-established.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    public static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly Func<Task> _sendPing;
    private readonly Action _onTimeout;
    private readonly ITimer _pingTimer;
    private readonly Lock _gate = new();
    private ITimer? _pongTimer;
    private bool _disposed;

    public Heartbeat(TimeProvider time, TimeSpan interval, Func<Task> sendPing, Action onTimeout)
    {
        _time = time;
        _sendPing = sendPing;
        _onTimeout = onTimeout;
        _pingTimer = time.CreateTimer(_ => PingDue(), null, interval, interval);
    }

    /// <summary>A pong arrived: the connection is alive.</summary>
    public void PongReceived()
    {
        lock (_gate)
        {
            _pongTimer?.Dispose();
            _pongTimer = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pingTimer.Dispose();
            _pongTimer?.Dispose();
        }
    }

    private void PingDue()
    {
        lock (_gate)
        {
            if (_disposed || _pongTimer is not null)
            {
                return;
            }

            _pongTimer = _time.CreateTimer(_ => TimedOut(), null, PongTimeout, Timeout.InfiniteTimeSpan);
        }

        _ = _sendPing();
    }

    private void TimedOut()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        _onTimeout();
    }
}
