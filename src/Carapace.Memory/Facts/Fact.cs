namespace Carapace.Memory.Facts;

/// <summary>One remembered fact about a person (or a group), with where it came from.</summary>
public sealed record Fact
{
    /// <summary>Short random id, unique within the agent.</summary>
    public required string Id { get; init; }

    /// <summary>The pool it belongs to (see <see cref="FactOwner"/>).</summary>
    public required string OwnerKey { get; init; }

    /// <summary>The fact; empty once forgotten.</summary>
    public required string Text { get; init; }

    /// <summary>SHA-256 of the normalised text, for deduplication.</summary>
    public required string Hash { get; init; }

    /// <summary>When it was said (the message time for captured facts).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>One of the configured categories, or null.</summary>
    public string? Category { get; init; }

    /// <summary>Where it came from.</summary>
    public FactSource Source { get; init; } = FactSource.None;

    /// <summary>True once deleted or forgotten.</summary>
    public bool Deleted { get; init; }
}
