using Carapace.Agent.Memory;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Memory.Embeddings;
using Microsoft.Extensions.AI;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// The owner's memory files through the real gateway: memory_search offered every turn and bound to the turn's scope,
/// MEMORY.md and the daily logs reaching only the owner's direct chat, and /new opening with today's log.
/// </summary>
public sealed class MemoryFilesTests
{
    // Keyword-only search keeps these tests fast; the local embedding model is covered in Carapace.Memory.Tests.
    private const string Config = "owners: ['tui:alice'], session: { dmScope: 'per-channel-peer' }, memory: { search: { provider: 'none' } }";

    [Fact]
    public async Task MemorySearch_OwnerDirectChat_FindsOwnerFilesAndOthersGetNothing()
    {
        await using var gateway = await TestGateway.StartAsync(Config);
        WriteWorkspace(gateway, "MEMORY.md", "# Memory\n- Alice's locker code is CANARY-LOCKER-7731\n");
        gateway.Model.Script(SearchThenAnswer);
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        await SayAsync(alice, "a1", "tui", "alice", "search: locker code");
        await SayAsync(bob, "b1", "webchat", "bob", "search: locker code");

        var requests = gateway.Model.Requests;
        Assert.Contains("memory_search", requests[0].Tools);
        var aliceToolResult = ToolResultOf(requests.Single(r => r.Messages.Any(m => m.Role == "tool") && TestGateway.LastUserText(r).Contains("search") && r.SystemText.Contains("CANARY-LOCKER", StringComparison.Ordinal)));
        Assert.Contains("CANARY-LOCKER-7731", aliceToolResult, StringComparison.Ordinal);
        Assert.Contains("\"citation\": \"MEMORY.md#L", aliceToolResult, StringComparison.Ordinal);

        var bobRequests = requests.Where(r => !r.SystemText.Contains("CANARY-LOCKER", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, bobRequests.Length);
        Assert.All(bobRequests, r => Assert.DoesNotContain("CANARY-LOCKER", r.PromptText, StringComparison.Ordinal));
        Assert.Contains("\"results\":[]", ToolResultOf(bobRequests[1]).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTrigger_OwnerDirectChat_NextPromptHoldsTodaysDailyLog()
    {
        await using var gateway = await TestGateway.StartAsync(Config);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        WriteWorkspace(gateway, $"memory/{today}.md", "- Planned the garden with CANARY-DAILY-LOG\n");
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        await SayAsync(alice, "a1", "tui", "alice", "hello");
        await SayAsync(alice, "a2", "tui", "alice", "/new");
        await SayAsync(alice, "a3", "tui", "alice", "what did I do today?");
        await SayAsync(bob, "b1", "webchat", "bob", "/new");
        await SayAsync(bob, "b2", "webchat", "bob", "what did alice do today?");

        var requests = gateway.Model.Requests;
        Assert.Equal(3, requests.Count);
        Assert.DoesNotContain("CANARY-DAILY-LOG", requests[0].SystemText, StringComparison.Ordinal);
        Assert.Contains("CANARY-DAILY-LOG", requests[1].SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-DAILY-LOG", requests[2].PromptText, StringComparison.Ordinal);
        Assert.All(requests, r => Assert.Contains("memory_search first", r.SystemText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionTranscripts_Indexed_SearchableByTheirOwnConversationOnly()
    {
        await using var gateway = await TestGateway.StartAsync(
            "session: { dmScope: 'per-channel-peer' }, memory: { search: { provider: 'none', sources: ['memory', 'sessions'] } }");
        gateway.Model.Script(request => TestGateway.LastUserText(request).StartsWith("search:", StringComparison.Ordinal)
            ? SearchThenAnswer(request)
            : TestGateway.Echo(request));
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        await SayAsync(alice, "a1", "tui", "alice", "my locker code is CANARY-TRANSCRIPT-55");
        await SayAsync(alice, "a2", "tui", "alice", "/new");

        // The post-turn hook indexes transcripts in the background; wait for it (bounded), then search.
        var memory = await gateway.Host.Services.GetRequiredService<WorkspaceMemories>().GetAsync("main", CancellationToken.None);
        for (var i = 0; i < 100 && memory.Index.Status().Files == 0; i++)
        {
            await Task.Delay(50);
        }

        await memory.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
        await SayAsync(alice, "a3", "tui", "alice", "search: locker code");
        await SayAsync(bob, "b1", "webchat", "bob", "search: locker code");

        var results = gateway.Model.Requests.Where(r => r.Messages[^1].Role == "tool").Select(ToolResultOf).ToArray();
        Assert.Equal(2, results.Length);
        Assert.Contains("CANARY-TRANSCRIPT-55", results[0], StringComparison.Ordinal);
        Assert.Contains("sessions/", results[0], StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-TRANSCRIPT-55", results[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayStart_MemoryOnDisk_IndexedAndQueryModelLoadedBeforeAnyTurn()
    {
        await using var gateway = await TestGateway.StartAsync("owners: ['tui:alice']", adjust: settings =>
        {
            var path = Path.Combine(settings.Agents.WorkspaceFor("main"), "MEMORY.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "# Memory\n- Alice keeps the spare key with CANARY-NEIGHBOUR\n");
            return settings;
        });
        var memories = gateway.Host.Services.GetRequiredService<WorkspaceMemories>();

        // Nobody has asked for the memory: only the gateway's own start can open it.
        for (var i = 0; i < 200 && !memories.IsOpen("main"); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(memories.IsOpen("main"), "the gateway did not open the memory at start");
        await memories.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)); // the same warm-up the gateway started
        var memory = await memories.GetAsync("main", CancellationToken.None);
        Assert.Equal(1, memory.Index.Status().Files);
        Assert.Equal("hybrid", memory.Index.Status().Mode);
        var generator = gateway.Host.Services.GetRequiredService<SharedEmbeddings>().Value.Generator;
        Assert.True(generator?.GetService<LocalEmbeddingGenerator>()?.QueryModelLoaded, "the local query model was not loaded at start");
        Assert.Empty(gateway.Model.Requests);
    }

    private static ModelReply SearchThenAnswer(RecordedRequest request) =>
        request.Messages[^1].Role == "tool"
            ? ModelReply.WithText("done")
            : ModelReply.CallingTools(new ScriptedToolCall("call_1", "memory_search", "{\"query\":\"locker code\"}"));

    private static string ToolResultOf(RecordedRequest request) => request.Messages.Last(m => m.Role == "tool").Text;

    private static void WriteWorkspace(TestGateway gateway, string relativePath, string text)
    {
        var path = Path.Combine(gateway.StateDir, "workspace", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static async Task SayAsync(GatewayClient client, string id, string channel, string peer, string text)
    {
        await client.SendAsync(new SendFrame(id, channel, new Peer(ChatType.Direct, peer), peer, text, null), CancellationToken.None);
        var frames = await client.UntilFinalAsync(id);
        Assert.Equal(ServerFrame.Types.Final, frames[^1].Type);
    }
}
