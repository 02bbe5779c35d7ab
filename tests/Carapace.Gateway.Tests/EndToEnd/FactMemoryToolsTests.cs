using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// The fact tools through the real gateway: a fact stored by alice is recalled into her later prompts on another channel
/// (identity link), never into bob's, and once forgotten it reaches no prompt at all.
/// </summary>
public sealed class FactMemoryToolsTests
{
    private const string Config =
        "owners: ['alice'], session: { dmScope: 'per-channel-peer', identityLinks: { alice: ['tui:alice', 'webchat:alice'] } }, memory: { search: { provider: 'none' } }";

    [Fact]
    public async Task StoreRecallForget_ThroughTools_OnlyTheSamePersonSeesItAndForgetRemovesIt()
    {
        await using var gateway = await TestGateway.StartAsync(Config);
        gateway.Model.Script(Script);
        await using var client = await gateway.ConnectAsync();

        await SayAsync(client, "a1", "tui", "alice", "remember: favourite colour is CANARY-TEAL");
        await SayAsync(client, "b1", "webchat", "bob", "list: what is my favourite colour?");
        await SayAsync(client, "a2", "webchat", "alice", "what is my favourite colour?");
        await SayAsync(client, "a3", "webchat", "alice", "forget: favourite colour");
        await SayAsync(client, "a4", "tui", "alice", "what is my favourite colour?");

        var requests = gateway.Model.Requests;
        var stored = ToolResult(requests, "remember:");
        Assert.Contains("CANARY-TEAL", stored, StringComparison.Ordinal);
        Assert.All(requests.Where(r => Asked(r, "list:")), r => Assert.DoesNotContain("CANARY-TEAL", r.PromptText, StringComparison.Ordinal));
        Assert.Equal("[]", ToolResult(requests, "list:").Replace(" ", "", StringComparison.Ordinal));
        var recalled = requests.Single(r => Asked(r, "what is my favourite colour?") && r.Messages.Count(m => m.Role == "user") == 1 && r.SystemText.Contains("# Recalled memories", StringComparison.Ordinal));
        Assert.Matches(@"- \[\d{4}-\d{2}-\d{2}\] favourite colour is CANARY-TEAL", recalled.SystemText);
        Assert.Contains("\"forgotten\"", ToolResult(requests, "forget:"), StringComparison.Ordinal);
        var after = requests.Last();
        Assert.Equal("what is my favourite colour?", TestGateway.LastUserText(after));
        Assert.DoesNotContain("CANARY-TEAL", after.SystemText, StringComparison.Ordinal);
    }

    private static bool Asked(RecordedRequest r, string prefix) => TestGateway.LastUserText(r).StartsWith(prefix, StringComparison.Ordinal);

    private static string ToolResult(IReadOnlyList<RecordedRequest> requests, string prefix) =>
        requests.First(r => Asked(r, prefix) && r.Messages[^1].Role == "tool").Messages[^1].Text;

    private static ModelReply Script(RecordedRequest request)
    {
        var text = TestGateway.LastUserText(request);
        if (request.Messages[^1].Role == "tool")
        {
            return ModelReply.WithText("done");
        }

        return text switch
        {
            _ when text.StartsWith("remember: ", StringComparison.Ordinal) =>
                ModelReply.CallingTools(new ScriptedToolCall("c1", "memory_store", $"{{\"text\":\"{text["remember: ".Length..]}\"}}")),
            _ when text.StartsWith("list:", StringComparison.Ordinal) => ModelReply.CallingTools(new ScriptedToolCall("c2", "memory_list", "{}")),
            _ when text.StartsWith("forget: ", StringComparison.Ordinal) =>
                ModelReply.CallingTools(new ScriptedToolCall("c3", "memory_forget", $"{{\"query\":\"{text["forget: ".Length..]}\"}}")),
            _ => ModelReply.WithText("ok"),
        };
    }

    private static async Task SayAsync(GatewayClient client, string id, string channel, string peer, string text)
    {
        await client.SendAsync(new SendFrame(id, channel, new Peer(ChatType.Direct, peer), peer, text, null), CancellationToken.None);
        var frames = await client.UntilFinalAsync(id);
        Assert.Equal(ServerFrame.Types.Final, frames[^1].Type);
    }
}
