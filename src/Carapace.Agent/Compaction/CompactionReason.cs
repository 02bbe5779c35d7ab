namespace Carapace.Agent.Compaction;

/// <summary>What started a compaction; recorded on the compaction line.</summary>
internal enum CompactionReason
{
    /// <summary>The prompt reached the window minus the reserve before the model call.</summary>
    Threshold,

    /// <summary>The user typed <c>/compact</c>.</summary>
    Command,

    /// <summary>The provider rejected the prompt as too long; the turn is retried once after compacting.</summary>
    Overflow,
}
