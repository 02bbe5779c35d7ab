using Carapace.Agent.Models;
using Carapace.Testing;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Agent.Tests.Models;

/// <summary>Retries and timeouts, driven by a fake provider answering with real error statuses and bodies.</summary>
public sealed class RetryingChatClientTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RateLimitedThenOk_Retries_ReturnsTheAnswer(bool stream)
    {
        _server.Enqueue(ModelReply.RateLimited(), ModelReply.Failure(503, "unavailable", "try later"), ModelReply.WithText("finally"));
        using var factory = TestModels.Factory(_server);
        var client = factory.Resolve("fake/m").Client!;

        var text = stream
            ? (await client.GetStreamingResponseAsync("hi", cancellationToken: TestDeadline.Token()).ToChatResponseAsync()).Text
            : (await client.GetResponseAsync("hi", cancellationToken: TestDeadline.Token())).Text;

        Assert.Equal("finally", text);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task ServerErrorEveryTime_RetriesMaxThenSurfacesTheError()
    {
        _server.Script(_ => ModelReply.ServerError());
        using var factory = TestModels.Factory(_server, maxRetries: 2);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            factory.Resolve("fake/m").Client!.GetResponseAsync("hi", cancellationToken: TestDeadline.Token()));

        Assert.Equal(500, TransientFailures.StatusOf(error));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task ContextLengthExceeded_IsNotRetried()
    {
        _server.Script(_ => ModelReply.ContextLengthExceeded());
        using var factory = TestModels.Factory(_server);

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await factory.Resolve("fake/m").Client!.GetStreamingResponseAsync("hi", cancellationToken: TestDeadline.Token()).ToChatResponseAsync());

        Assert.Equal(400, TransientFailures.StatusOf(error));
        Assert.Contains("maximum context length", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProviderHangs_AttemptTimesOutOnTheTimeProvider_ThrowsTimeout(bool stream)
    {
        _server.Script(_ => new ModelReply { Text = "too late", Delay = TimeSpan.FromSeconds(20) });
        var time = new FakeTimeProvider();
        using var factory = TestModels.Factory(_server, time, maxRetries: 0, timeoutSeconds: 5);
        var client = factory.Resolve("fake/m").Client!;
        var call = stream
            ? client.GetStreamingResponseAsync("hi", cancellationToken: TestDeadline.Token()).ToChatResponseAsync()
            : client.GetResponseAsync("hi", cancellationToken: TestDeadline.Token());

        await _server.WaitForRequestsAsync(1, TestDeadline.Token());
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("5 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancels_DoesNotRetry_ThrowsCancellation()
    {
        _server.Script(_ => new ModelReply { Text = "late", Delay = TimeSpan.FromSeconds(20) });
        using var factory = TestModels.Factory(_server);
        using var cts = new CancellationTokenSource();
        var call = factory.Resolve("fake/m").Client!.GetResponseAsync("hi", cancellationToken: cts.Token);

        await _server.WaitForRequestsAsync(1, TestDeadline.Token());
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_server.Requests);
    }
}
