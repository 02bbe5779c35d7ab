namespace Carapace.Agent.Abstractions;

/// <summary>What recall adds to a prompt, and the ids of the memories used (recorded with the reply for audit).</summary>
public sealed record RecallResult(string PromptText, IReadOnlyList<string> MemoryIds)
{
    /// <summary>Nothing recalled.</summary>
    public static RecallResult Empty { get; } = new("", []);
}
