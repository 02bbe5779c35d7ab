using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Facts;

/// <summary>
/// A model that answers capture prompts instantly: the extraction returns the user's line as the fact, the decision adds
/// it. Capture throughput measured with it is everything except the model: parsing, similar-fact search, embedding, applying.
/// </summary>
internal sealed class InstantCaptureModel : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var user = list[^1].Text;
        string answer;
        if (list[0].Text.StartsWith("You extract durable facts", StringComparison.Ordinal))
        {
            var said = user.Split('\n').First(l => l.StartsWith("user: ", StringComparison.Ordinal))["user: ".Length..];
            answer = JsonSerializer.Serialize(new { facts = new[] { said } });
        }
        else
        {
            var facts = JsonSerializer.Deserialize<string[]>(user[(user.IndexOf("New facts:\n", StringComparison.Ordinal) + "New facts:\n".Length)..])!;
            answer = JsonSerializer.Serialize(new { memory = facts.Select(f => new { id = "new", text = f, @event = "ADD" }) });
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("capture never streams");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
