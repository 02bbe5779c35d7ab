namespace Carapace.Memory.Bench;

/// <summary>A clock stopped at one instant, so decay is computed as of the day after the conversation ended.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
