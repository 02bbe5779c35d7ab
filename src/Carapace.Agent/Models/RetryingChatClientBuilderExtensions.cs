using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Carapace.Agent.Models;

/// <summary>The one-line way to add <see cref="RetryingChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>Retries transient model failures with backoff and bounds every attempt by a timeout.</summary>
    public static ChatClientBuilder UseRetries(this ChatClientBuilder builder, RetryOptions options, TimeProvider timeProvider, ILogger? logger = null) =>
        builder.Use(inner => new RetryingChatClient(inner, options, timeProvider, logger));
}
