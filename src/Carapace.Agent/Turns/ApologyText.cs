using Carapace.Agent.Compaction;
using Carapace.Agent.Models;

namespace Carapace.Agent.Turns;

/// <summary>The short reply a user gets when the model fails, saying what went wrong in plain words.</summary>
internal static class ApologyText
{
    /// <summary>One line for the failure of <paramref name="action"/>; details go to the log, not to the user.</summary>
    public static string For(Exception failure, string action = "answer that")
    {
        var reason = failure switch
        {
            TimeoutException => "the model took too long to answer",
            _ when ContextOverflow.Is(failure) => "this conversation is too long for the model; send /new to start a fresh one",
            _ => TransientFailures.StatusOf(failure) switch
            {
                429 => "the model provider is rate limiting requests",
                401 or 403 => "the model provider rejected the API key",
                >= 500 => "the model provider had an error",
                { } status and > 0 => $"the model provider refused the request (HTTP {status})",
                _ => "the model could not be reached",
            },
        };
        return $"Sorry, I couldn't {action}: {reason}. Please try again.";
    }
}
