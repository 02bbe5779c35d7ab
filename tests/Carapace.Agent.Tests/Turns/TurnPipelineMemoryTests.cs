using Carapace.Agent.Abstractions;
using Carapace.Core.Memory;
using Carapace.Core.Turns;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests.Turns;

/// <summary>
/// What memory reaches a turn's prompt: recall within the route's scope and the owner-only MEMORY.md, over real HTTP to
/// the fake model server (stores are the stand-ins in <c>StandIns/</c> until Carapace.Sessions is merged).
/// </summary>
public sealed class TurnPipelineMemoryTests
{
    [Fact]
    public async Task Turn_Recall_TextInSystemPromptAndIdsRecordedWithReply()
    {
        var recall = new ScopedRecall();
        await using var f = await TurnFixture.StartAsync(customize: s => s with { Recall = recall });
        f.Server.Enqueue(ModelReply.WithText("You like tea."));

        await f.TurnAsync(f.Direct("alice", "What do I drink?"));

        Assert.Contains("# Recalled memories\ntelegram:alice likes tea", f.Server.Requests[0].SystemText, StringComparison.Ordinal);
        Assert.Equal("What do I drink?", recall.LastQuery);
        var reply = (await f.TranscriptOfAsync(f.Direct("alice", ""))).Last();
        Assert.Equal("""{"recalled":["m-telegram:alice"]}""", reply.MetadataJson);
    }

    [Fact]
    public async Task Turn_RecallThrows_TurnStillAnswers()
    {
        await using var f = await TurnFixture.StartAsync(customize: s => s with { Recall = new ScopedRecall(fail: true) });
        f.Server.Enqueue(ModelReply.WithText("Answer."));

        var outcome = await f.TurnAsync(f.Direct("alice", "q"));

        Assert.Equal(TurnEnd.Completed, outcome.End);
    }

    [Theory]
    [InlineData("direct", "owner", true)]
    [InlineData("direct", "mallory", false)]
    [InlineData("group", "owner", false)]
    [InlineData("group", "mallory", false)]
    public async Task Turn_OwnerMemoryFile_ReachesOnlyTheOwnersDirectPrompt(string chat, string sender, bool expected)
    {
        await using var f = await TurnFixture.StartAsync();
        f.Workspace.Write("MEMORY.md", "CANARY-9c1e the owner's bank PIN");
        f.Server.Enqueue(ModelReply.WithText("ok"));

        await f.TurnAsync(chat == "direct" ? f.Direct(sender, "hello") : f.InGroup("g1", sender, "hello"));

        Assert.Equal(expected, f.Server.Requests[0].PromptText.Contains("CANARY-9c1e", StringComparison.Ordinal));
    }

    private sealed class ScopedRecall(bool fail = false) : IMemoryRecall
    {
        public string? LastQuery { get; private set; }

        public ValueTask<RecallResult> RecallAsync(MemoryScope scope, string query, CancellationToken cancellationToken)
        {
            LastQuery = query;
            return fail
                ? throw new InvalidOperationException("index offline")
                : ValueTask.FromResult(new RecallResult($"{scope.Identity} likes tea", [$"m-{scope.Identity}"]));
        }
    }
}
