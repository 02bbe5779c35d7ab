using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Carapace.Benchmarks.Turns;

/// <summary>A model that answers a fixed reply at once, so a turn's measured time is the gateway's own overhead.</summary>
internal sealed class ZeroLatencyChatClient : IChatClient
{
    private const string Reply = "ok, noted.";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply)));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield return new ChatResponseUpdate(ChatRole.Assistant, Reply);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
