using Carapace.Agent.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Turns;

/// <summary>Stage 4: streams the model's answer to the reply, running the tools the route's tool sources offer.</summary>
internal sealed class ModelStage(IEnumerable<IToolSource> toolSources)
{
    public async Task<ChatResponse> RunAsync(IChatClient model, AcceptedTurn turn, IReadOnlyList<ChatMessage> prompt, ReplyStream reply, CancellationToken cancellationToken)
    {
        var tools = new List<AITool>();
        foreach (var source in toolSources)
        {
            tools.AddRange(await source.GetToolsAsync(turn.Route, cancellationToken));
        }

        // Not disposed: disposing would dispose the shared, cached model client underneath.
        var invoking = new FunctionInvokingChatClient(model);
        var options = tools.Count == 0 ? null : new ChatOptions { Tools = tools };
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in invoking.GetStreamingResponseAsync(prompt, options, cancellationToken))
        {
            updates.Add(update);
            if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
            {
                await reply.DeltaAsync(text, cancellationToken);
            }
        }

        return updates.ToChatResponse();
    }
}
