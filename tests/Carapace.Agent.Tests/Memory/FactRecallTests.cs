using Carapace.Agent.Memory;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Facts;
using Carapace.Memory.Search;
using Carapace.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Agent.Tests.Memory;

/// <summary>Recall before a turn: only the scope's facts, above minScore, at most topK, within maxTokens, dated, with their ids.</summary>
public sealed class FactRecallTests : IAsyncDisposable
{
    private static readonly MemoryScope Alice = MemoryScope.For("main", "alice", isOwner: false, ChatType.Direct, "agent:main:tui:direct:alice", null);
    private static readonly MemoryScope Bob = MemoryScope.For("main", "bob", isOwner: false, ChatType.Direct, "agent:main:tui:direct:bob", null);
    private readonly TempDirectory _dir = new();
    private readonly SharedEmbeddings _embeddings = new(new MemorySearchOptions { Embeddings = new EmbeddingOptions { Provider = "none" } });
    private readonly ChatClientFactory _models = new(new ModelsOptions(), _ => null, TimeProvider.System);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private FactMemories? _facts;

    [Fact]
    public async Task Recall_ManyMatches_TopKBestFirstDatedWithIds()
    {
        var facts = Open(new FactRecallOptions { TopK = 2 });
        var memory = await facts.GetAsync("main");
        var piano = await memory.StoreAsync(Alice, "Daughter's piano recital is on Friday", null, FactSource.None, CancellationToken.None);
        await memory.StoreAsync(Alice, "Daughter takes piano lessons", null, FactSource.None, CancellationToken.None);
        await memory.StoreAsync(Alice, "Recital tickets cost ten euros", null, FactSource.None, CancellationToken.None);
        await memory.StoreAsync(Alice, "Drives a blue car", null, FactSource.None, CancellationToken.None);

        var result = await new FactRecall(facts).RecallAsync(Alice, "when is the piano recital?", CancellationToken.None);

        Assert.Equal(2, result.MemoryIds.Count);
        Assert.Equal(piano.Id, result.MemoryIds[0]);
        Assert.StartsWith("- [2026-11-25] Daughter's piano recital is on Friday\n", result.PromptText, StringComparison.Ordinal);
        Assert.DoesNotContain("blue car", result.PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_TokenBudget_StopsBeforeTheLineThatWouldExceedIt()
    {
        var facts = Open(new FactRecallOptions { MaxTokens = 50 });
        var memory = await facts.GetAsync("main");
        await memory.StoreAsync(Alice, "Recital " + new string('a', 120), null, FactSource.None, CancellationToken.None);
        await memory.StoreAsync(Alice, "Recital " + new string('b', 120), null, FactSource.None, CancellationToken.None);

        var result = await new FactRecall(facts).RecallAsync(Alice, "recital", CancellationToken.None);

        Assert.Single(result.MemoryIds);
        Assert.True(result.PromptText.Length / 4 <= 50);
    }

    [Theory]
    [InlineData("when is the recital?", false, true)] // someone else's fact
    [InlineData("", true, true)]
    [InlineData("   ", true, true)]
    [InlineData("quantum chromodynamics", true, true)]
    [InlineData("when is the recital?", true, false)] // memory.recall.enabled: false
    public async Task Recall_NothingRelevantSomeoneElseOrDisabled_Empty(string query, bool asAlice, bool enabled)
    {
        var facts = Open(new FactRecallOptions { Enabled = enabled });
        var memory = await facts.GetAsync("main");
        await memory.StoreAsync(Alice, "Daughter's piano recital is on Friday", null, FactSource.None, CancellationToken.None);

        var result = await new FactRecall(facts).RecallAsync(asAlice ? Alice : Bob, query, CancellationToken.None);

        Assert.Empty(result.MemoryIds);
        Assert.Equal("", result.PromptText);
    }

    public async ValueTask DisposeAsync()
    {
        if (_facts is not null)
        {
            await _facts.DisposeAsync();
        }

        _models.Dispose();
        _embeddings.Dispose();
        _dir.Dispose();
    }

    private FactMemories Open(FactRecallOptions recall)
    {
        var agents = new AgentOptions { StateDirectory = _dir.Path, UserTimeZone = TimeZoneInfo.Utc };
        _facts = new FactMemories(agents, new FactMemoryOptions { Recall = recall }, _embeddings, _models, _time);
        return _facts;
    }
}
