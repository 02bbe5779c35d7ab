using System.ClientModel;
using System.Net;
using Anthropic.Exceptions;

namespace Carapace.Agent.Models;

/// <summary>Decides which provider failures are worth another attempt: rate limits, server errors, network errors and timeouts.</summary>
internal static class TransientFailures
{
    /// <summary>True for 408, 409, 429 and 5xx responses, connection failures and timeouts; false for everything else (400, 401 …).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException or HttpRequestException or IOException or AnthropicIOException => true,
        _ when StatusOf(exception) is { } status => status is 0 or 408 or 409 or 429 or >= 500,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>The HTTP status of a provider failure, 0 when no response arrived, null when the exception is not a provider failure.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        ClientResultException e => e.Status,
        AnthropicApiException e => (int)e.StatusCode,
        HttpRequestException { StatusCode: HttpStatusCode code } => (int)code,
        _ => null,
    };
}
