using System.Text.Json.Nodes;
using Carapace.Testing;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Models;

/// <summary>The OpenAI-compatible client built by <see cref="Agent.Models.ChatClientFactory"/>, over real HTTP to the fake server.</summary>
public sealed class OpenAiChatClientTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Streaming_TextReply_ArrivesInOrderedDeltasWithUsage()
    {
        _server.Enqueue(ModelReply.WithText("The quick brown fox."));
        using var factory = TestModels.Factory(_server);
        var client = factory.Resolve("fake/gpt-test").Client!;

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Say something", cancellationToken: TestDeadline.Token()))
        {
            updates.Add(update);
        }

        var texts = updates.Select(u => u.Text).Where(t => t.Length > 0).ToList();
        Assert.True(texts.Count >= 4, $"expected word deltas, got {texts.Count}");
        Assert.Equal("The quick brown fox.", string.Concat(texts));
        var response = updates.ToChatResponse();
        Assert.True(response.Usage?.OutputTokenCount > 0);
        var request = Assert.Single(_server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("gpt-test", request.Model);
        Assert.Equal([new RecordedMessage("user", "Say something", [])], request.Messages);
    }

    [Fact]
    public async Task NonStreaming_TextReply_ReturnsTheText()
    {
        _server.Enqueue(ModelReply.WithText("Hello there."));
        using var factory = TestModels.Factory(_server);

        var response = await factory.Resolve("fake/m").Client!.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], cancellationToken: TestDeadline.Token());

        Assert.Equal("Hello there.", response.Text);
        var request = Assert.Single(_server.Requests);
        Assert.False(request.Stream);
        Assert.Equal("Be brief.", request.SystemText);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToolCalling_RoundTrip_SendsTheToolResultBack(bool stream)
    {
        _server.Enqueue(
            ModelReply.CallingTools(new ScriptedToolCall("call_1", "get_weather", """{"city":"Oslo"}""")),
            ModelReply.WithText("It is sunny in Oslo."));
        using var factory = TestModels.Factory(_server);
        using var client = new ChatClientBuilder(factory.Resolve("fake/m").Client!).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather", "Weather for a city")] };

        var text = stream
            ? (await client.GetStreamingResponseAsync("Weather in Oslo?", options, TestDeadline.Token()).ToChatResponseAsync()).Text
            : (await client.GetResponseAsync("Weather in Oslo?", options, TestDeadline.Token())).Text;

        Assert.Equal("It is sunny in Oslo.", text);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(["get_weather"], _server.Requests[0].Tools);
        var second = _server.Requests[1].Messages;
        var call = Assert.Single(second, m => m.Role == "assistant").ToolCalls.Single();
        Assert.Equal(("call_1", "get_weather"), (call.Id, call.Name));
        Assert.Equal("Oslo", JsonNode.Parse(call.ArgumentsJson)!["city"]!.GetValue<string>());
        var result = Assert.Single(second, m => m.Role == "tool");
        Assert.Equal("call_1", result.ToolCallId);
        Assert.Contains("sunny in Oslo", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsEndpoint_ListsAModel()
    {
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri(_server.BaseUrl + "/models"), TestDeadline.Token());

        Assert.Contains("\"object\":\"list\"", body, StringComparison.Ordinal);
    }
}
