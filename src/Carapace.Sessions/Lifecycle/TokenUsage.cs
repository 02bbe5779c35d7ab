namespace Carapace.Sessions.Lifecycle;

/// <summary>What the model reported for one turn, added to the session's running counts.</summary>
/// <param name="InputTokens">Prompt tokens of the turn.</param>
/// <param name="OutputTokens">Completion tokens of the turn.</param>
/// <param name="ContextTokens">The size of the prompt just sent; replaces the previous value (compaction reads it).</param>
public sealed record TokenUsage(long InputTokens, long OutputTokens, long ContextTokens);
