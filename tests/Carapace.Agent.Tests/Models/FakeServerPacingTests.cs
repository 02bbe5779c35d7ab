using System.Diagnostics;
using Carapace.Testing;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Models;

/// <summary>The fake servers' latency controls, which the turn-latency benchmarks rely on.</summary>
public sealed class FakeServerPacingTests
{
    [Fact]
    public async Task OpenAi_TokensPerSecond_StreamsNoFasterThanTheRate()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(new ModelReply { Text = "one two three four five six seven eight nine ten", TokensPerSecond = 100 });
        using var factory = TestModels.Factory(server);

        var clock = Stopwatch.StartNew();
        var response = await factory.Resolve("fake/m").Client!.GetStreamingResponseAsync("go", cancellationToken: TestDeadline.Token()).ToChatResponseAsync();

        Assert.Equal("one two three four five six seven eight nine ten", response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(95), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Anthropic_NonStreamingAndUnscripted_AnswersThenSaysNothingIsScripted()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Enqueue(ModelReply.WithText("just once"));
        using var factory = TestModels.Factory(server, maxRetries: 0);
        var client = factory.Resolve("fake/claude").Client!;

        var first = await client.GetResponseAsync("a", cancellationToken: TestDeadline.Token());
        var second = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("b", cancellationToken: TestDeadline.Token()));

        Assert.Equal("just once", first.Text);
        Assert.Contains("no reply scripted for request #2", second.Message, StringComparison.Ordinal);
        Assert.False(server.Requests[0].Stream);
    }
}
