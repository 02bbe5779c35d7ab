namespace Carapace.Agent.Models;

/// <summary>How <see cref="RetryingChatClient"/> retries: attempts, per-attempt timeout and the backoff curve.</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt; default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Time one attempt may take; for streams, the longest gap between chunks. Default 120 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The wait before the first retry, doubled for each further one; default 1 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts; default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
