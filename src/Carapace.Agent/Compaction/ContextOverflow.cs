using Carapace.Agent.Models;

namespace Carapace.Agent.Compaction;

/// <summary>Recognises a provider's "the prompt is longer than the model's window" rejection, which compaction can recover from.</summary>
internal static class ContextOverflow
{
    /// <summary>
    /// True for OpenAI-compatible <c>context_length_exceeded</c> / "maximum context length" errors and Anthropic's
    /// "prompt is too long", looking through wrapping exceptions.
    /// </summary>
    public static bool Is(Exception failure) => failure switch
    {
        _ when TransientFailures.StatusOf(failure) is not (null or 400 or 413) => false,
        _ when Mentions(failure.Message) => true,
        { InnerException: { } inner } => Is(inner),
        _ => false,
    };

    private static bool Mentions(string message) =>
        message.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase);
}
