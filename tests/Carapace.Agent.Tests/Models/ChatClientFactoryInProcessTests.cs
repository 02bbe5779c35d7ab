using Carapace.Agent.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Models;

/// <summary>Clients the host serves in-process (the benchmark's zero-latency model) resolve like any provider, behind the same retry wrapper.</summary>
public sealed class ChatClientFactoryInProcessTests
{
    [Fact]
    public async Task Resolve_InProcessProvider_ReturnsItsClientWrapped()
    {
        using var served = new FixedAnswer("from in-process");
        using var factory = new ChatClientFactory(new ModelsOptions(), _ => null, TimeProvider.System, inProcessProviders: new Dictionary<string, IChatClient> { ["local"] = served });

        var resolution = factory.Resolve("local/anything");

        Assert.True(resolution.IsConfigured);
        Assert.Equal("local/anything", resolution.Reference.ToString());
        Assert.NotSame(served, resolution.Client);
        Assert.Equal("from in-process", (await resolution.Client.GetResponseAsync("hi")).Text);
    }

    [Fact]
    public void Resolve_OtherProvider_StillNeedsConfig()
    {
        using var served = new FixedAnswer("unused");
        using var factory = new ChatClientFactory(new ModelsOptions(), _ => null, TimeProvider.System, inProcessProviders: new Dictionary<string, IChatClient> { ["local"] = served });

        var resolution = factory.Resolve("elsewhere/model");

        Assert.False(resolution.IsConfigured);
        Assert.Contains("unknown provider 'elsewhere'", resolution.Problem);
    }

    private sealed class FixedAnswer(string text) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("these tests call GetResponseAsync");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
