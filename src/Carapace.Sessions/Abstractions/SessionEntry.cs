using Carapace.Core.Messages;

namespace Carapace.Sessions.Abstractions;

/// <summary>The current session of one session key: which transcript it writes to, since when, and its running token counts.</summary>
public sealed record SessionEntry
{
    /// <summary>The routing key, e.g. <c>agent:main:telegram:direct:123</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The id of the current transcript; a reset starts a new one and the old stays readable.</summary>
    public required string SessionId { get; init; }

    /// <summary>The agent that owns the session.</summary>
    public required string AgentId { get; init; }

    /// <summary>When the current session id started (daily reset compares against this).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the last user message arrived (idle reset compares against this).</summary>
    public required DateTimeOffset LastInteractionAt { get; init; }

    /// <summary>The channel of the conversation.</summary>
    public required string Channel { get; init; }

    /// <summary>Direct, group or channel.</summary>
    public required ChatType ChatType { get; init; }

    /// <summary>Where the conversation came from (the first message's reply target).</summary>
    public DeliveryTarget? Origin { get; init; }

    /// <summary>Prompt tokens reported by the model over the session.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens reported by the model over the session.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The size of the last prompt, used to decide when to compact.</summary>
    public long ContextTokens { get; init; }

    /// <summary>How many times this session was compacted.</summary>
    public int CompactionCount { get; init; }

    /// <summary>Optimistic-concurrency version: 0 for a new entry; the store increments it on every write.</summary>
    public long Version { get; init; }
}
