using Carapace.Core.Config;
using Carapace.Memory;
using Carapace.Memory.Search;
using Carapace.Testing.Models;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Memory.Tests.Embeddings;

/// <summary>Memory configured with an OpenAI-compatible embeddings endpoint, over real HTTP to the fake server.</summary>
public sealed class RemoteEmbeddingsTests
{
    [Fact]
    public async Task Search_OpenAiCompatibleEmbeddings_HybridOverTheWire()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var dir = Seeded();
        await using var memory = await OpenAsync(dir, server);

        await memory.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
        var result = await memory.Searcher.SearchAsync(Scopes.OwnerDirect, "dentist appointment friday", null, null, CancellationToken.None);

        Assert.Equal("hybrid", result.Mode);
        Assert.Equal("memory/2026-03-30.md", result.Results[0].Path);
        Assert.Contains("dentist", result.Results[0].Snippet, StringComparison.Ordinal);
        Assert.True(server.Embeddings.Requests >= 2, "the index and the query were both embedded by the remote endpoint");
    }

    [Fact]
    public async Task Search_EmbeddingsEndpointDown_KeywordOnlyAndSaysWhy()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Embeddings.FailWith = 503;
        using var dir = Seeded();
        await using var memory = await OpenAsync(dir, server);

        await memory.Index.SyncAsync(force: false, progress: null, CancellationToken.None);
        var result = await memory.Searcher.SearchAsync(Scopes.OwnerDirect, "dentist", null, null, CancellationToken.None);

        Assert.Equal("keyword-only", result.Mode);
        Assert.Contains("embeddings are unavailable", result.Reason, StringComparison.Ordinal);
        Assert.Equal("memory/2026-03-30.md", Assert.Single(result.Results).Path);
    }

    private static TempDir Seeded()
    {
        var dir = new TempDir();
        dir.File("MEMORY.md", "# Memory\n- prefers oat milk\n");
        dir.File("memory/2026-03-30.md", "- booked the dentist for Friday 9am\n- talked to Bob about the Lisbon trip\n");
        return dir;
    }

    private static Task<AgentMemory> OpenAsync(TempDir dir, FakeOpenAiServer server)
    {
        var config = ConfigDocument.Parse(
            $"{{ memory: {{ search: {{ provider: 'openai', model: 'fake-embed', remote: {{ baseUrl: '{server.BaseUrl}', apiKey: 'k' }} }} }} }}", "test.json5");
        var options = MemorySearchOptions.BindRoot(config.Root);
        Assert.False(config.HasErrors, string.Join('\n', config.Diagnostics));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));
        return AgentMemory.OpenAsync(dir.Path, "main", dir.Workspace, options, time, TimeZoneInfo.Utc, CancellationToken.None);
    }
}
