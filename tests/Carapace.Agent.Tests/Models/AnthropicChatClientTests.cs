using Carapace.Testing;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Models;

/// <summary>The Anthropic client built by <see cref="Agent.Models.ChatClientFactory"/>, over real HTTP to the fake Messages API.</summary>
public sealed class AnthropicChatClientTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAnthropicServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Streaming_TextReply_ArrivesInDeltasWithUsage()
    {
        _server.Enqueue(ModelReply.WithText("Bonjour from Claude."));
        using var factory = TestModels.Factory(_server);
        var client = factory.Resolve("fake/claude-test").Client!;

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.System, "You are terse."), new ChatMessage(ChatRole.User, "Greet me")], cancellationToken: TestDeadline.Token()))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3);
        var response = updates.ToChatResponse();
        Assert.Equal("Bonjour from Claude.", response.Text);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        var request = Assert.Single(_server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("claude-test", request.Model);
        Assert.Equal("You are terse.", request.SystemText);
        Assert.Equal("Bearer test-key", request.Headers["authorization"]);
        Assert.True(request.Headers.ContainsKey("anthropic-version"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToolCalling_RoundTrip_SendsTheToolResultBack(bool stream)
    {
        _server.Enqueue(
            ModelReply.CallingTools(new ScriptedToolCall("toolu_1", "get_weather", """{"city":"Lima"}""")),
            ModelReply.WithText("Lima is foggy."));
        using var factory = TestModels.Factory(_server);
        using var client = new ChatClientBuilder(factory.Resolve("fake/claude").Client!).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => $"foggy in {city}", "get_weather", "Weather for a city")] };

        var text = stream
            ? (await client.GetStreamingResponseAsync("Weather in Lima?", options, TestDeadline.Token()).ToChatResponseAsync()).Text
            : (await client.GetResponseAsync("Weather in Lima?", options, TestDeadline.Token())).Text;

        Assert.Equal("Lima is foggy.", text);
        Assert.Equal(["get_weather"], _server.Requests[0].Tools);
        var second = _server.Requests[1].Messages;
        var call = Assert.Single(second, m => m.Role == "assistant").ToolCalls.Single();
        Assert.Equal(("toolu_1", "get_weather"), (call.Id, call.Name));
        Assert.Contains("Lima", call.ArgumentsJson, StringComparison.Ordinal);
        var result = Assert.Single(second, m => m.Role == "tool");
        Assert.Equal("toolu_1", result.ToolCallId);
        Assert.Contains("foggy in Lima", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitedThenOk_Retries_ReturnsTheAnswer()
    {
        _server.Enqueue(ModelReply.RateLimited(), ModelReply.WithText("ok now"));
        using var factory = TestModels.Factory(_server);

        var response = await factory.Resolve("fake/claude").Client!.GetStreamingResponseAsync("hi", cancellationToken: TestDeadline.Token()).ToChatResponseAsync();

        Assert.Equal("ok now", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }
}
