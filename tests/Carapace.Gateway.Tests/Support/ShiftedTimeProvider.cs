namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// The system clock moved to a fixed starting instant: dates are deterministic while timers, delays and timeouts still
/// run in real time (unlike a frozen fake clock, which would stall sockets and retries of a running gateway).
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
