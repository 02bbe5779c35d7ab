using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Agent.Models;

/// <summary>
/// Retries a model call after rate limits, server errors, network errors and timeouts, with exponential backoff and
/// jitter, and bounds each attempt by a timeout. Time comes from a <see cref="TimeProvider"/>. A stream is retried
/// only before its first chunk, so a caller never sees a reply twice.
/// </summary>
public sealed partial class RetryingChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public RetryingChatClient(IChatClient innerClient, RetryOptions options, TimeProvider timeProvider, ILogger? logger = null, Func<double>? random = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await base.GetResponseAsync(prompt, options, linked.Token);
            }
            catch (Exception e) when (ShouldRetry(Classify(e, timeout, cancellationToken), attempt, cancellationToken) is { } failure)
            {
                await WaitBeforeRetryAsync(failure, attempt, cancellationToken);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut();
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var stream = base.GetStreamingResponseAsync(prompt, options, linked.Token).GetAsyncEnumerator(linked.Token);
            bool hasFirst;
            try
            {
                hasFirst = await stream.MoveNextAsync();
            }
            catch (Exception e) when (ShouldRetry(Classify(e, timeout, cancellationToken), attempt, cancellationToken) is { } failure)
            {
                await DisposeAsync(stream, linked, timeout);
                await WaitBeforeRetryAsync(failure, attempt, cancellationToken);
                continue;
            }
            catch (Exception e)
            {
                await DisposeAsync(stream, linked, timeout);
                var classified = Classify(e, timeout, cancellationToken);
                if (ReferenceEquals(classified, e))
                {
                    throw;
                }

                throw classified;
            }

            try
            {
                if (!hasFirst)
                {
                    yield break;
                }

                yield return stream.Current;
                while (true)
                {
                    timeout.CancelAfter(_options.AttemptTimeout);
                    if (!await MoveNextAsync(stream, timeout, cancellationToken))
                    {
                        yield break;
                    }

                    yield return stream.Current;
                }
            }
            finally
            {
                await DisposeAsync(stream, linked, timeout);
            }
        }
    }

    private async Task<bool> MoveNextAsync(IAsyncEnumerator<ChatResponseUpdate> stream, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNextAsync();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut();
        }
    }

    private Exception Classify(Exception e, CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? TimedOut() : e;

    private Exception? ShouldRetry(Exception failure, int attempt, CancellationToken cancellationToken) =>
        attempt < _options.MaxRetries && !cancellationToken.IsCancellationRequested && TransientFailures.IsTransient(failure) ? failure : null;

    private async Task WaitBeforeRetryAsync(Exception failure, int attempt, CancellationToken cancellationToken)
    {
        var delay = RetryBackoff.Delay(attempt, _options.BaseDelay, _options.MaxDelay, _random());
        LogRetrying(attempt + 1, _options.MaxRetries, delay.TotalMilliseconds, TransientFailures.StatusOf(failure) ?? 0, failure.Message);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private TimeoutException TimedOut() => new($"The model did not answer within {_options.AttemptTimeout.TotalSeconds:0.#} seconds.");

    private static async ValueTask DisposeAsync(IAsyncEnumerator<ChatResponseUpdate> stream, CancellationTokenSource linked, CancellationTokenSource timeout)
    {
        try
        {
            await stream.DisposeAsync();
        }
        finally
        {
            linked.Dispose();
            timeout.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed (status {Status}: {Reason}); retry {Retry} of {MaxRetries} in {DelayMs} ms")]
    private partial void LogRetrying(int retry, int maxRetries, double delayMs, int status, string reason);
}
