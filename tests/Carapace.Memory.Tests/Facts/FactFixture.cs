using System.ClientModel;
using System.ClientModel.Primitives;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Facts;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using OpenAI;

namespace Carapace.Memory.Tests.Facts;

/// <summary>
/// A fact file in a temp dir on a fake clock and the bag-of-words embedder, with capture talking over HTTP to a scripted
/// fake OpenAI server. <see cref="ReopenAsync"/> closes and opens the same file, as a restart does.
/// </summary>
internal sealed class FactFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Said = new(2026, 11, 25, 18, 30, 0, TimeSpan.Zero);
    public static readonly MemoryScope Alice = MemoryScope.For("main", "alice", isOwner: true, ChatType.Direct, "agent:main:crabcallr:direct:call-1", null);
    public static readonly MemoryScope AliceOnTelegram = MemoryScope.For("main", "alice", isOwner: true, ChatType.Direct, "agent:main:telegram:direct:7", null);
    public static readonly MemoryScope Bob = MemoryScope.For("main", "telegram:999", isOwner: false, ChatType.Direct, "agent:main:telegram:direct:999", null);
    public static readonly MemoryScope AliceInGroup = MemoryScope.For("main", "alice", isOwner: true, ChatType.Group, "agent:main:telegram:group:42", "telegram:group:42");

    private readonly TempDir _dir = new();
    private readonly IChatClient _chat;

    private FactFixture(FakeOpenAiServer model, FactMemoryOptions options)
    {
        Model = model;
        Options = options;
        _chat = new OpenAIClient(new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = model.BaseUrl, RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient("fake").AsIChatClient();
    }

    public FakeOpenAiServer Model { get; }

    public FactMemoryOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(Said.AddHours(3));

    public FactMemory Facts { get; private set; } = null!;

    public string Path => System.IO.Path.Combine(_dir.Path, "memory", "main.facts.sqlite");

    public static async Task<FactFixture> CreateAsync(FactMemoryOptions? options = null, bool withModel = true)
    {
        var fixture = new FactFixture(await FakeOpenAiServer.StartAsync(), options ?? new FactMemoryOptions());
        fixture.Facts = await fixture.OpenAsync(withModel);
        return fixture;
    }

    public async Task ReopenAsync()
    {
        await Facts.DisposeAsync();
        Facts = await OpenAsync(withModel: true);
    }

    public static CaptureJob Job(MemoryScope scope, string userText, string reply = "Noted.", long seq = 1) => new()
    {
        Scope = scope,
        SessionId = "session-1",
        MessageSeqs = [seq, seq + 1],
        Messages = [new CaptureMessage("user", userText), new CaptureMessage("assistant", reply)],
        SaidAt = Said,
    };

    /// <summary>Queues a job and runs the queue on the caller.</summary>
    public async Task CaptureAsync(CaptureJob job)
    {
        Assert.True(await Facts.EnqueueCaptureAsync(job, CancellationToken.None));
        await Facts.RunPendingCapturesAsync(CancellationToken.None);
    }

    public static ModelReply Extracted(params string[] facts) =>
        ModelReply.WithText(System.Text.Json.JsonSerializer.Serialize(new { facts }));

    public static ModelReply Decided(string json) => ModelReply.WithText("{\"memory\": " + json + "}");

    public async ValueTask DisposeAsync()
    {
        await Facts.DisposeAsync();
        await Model.DisposeAsync();
        _dir.Dispose();
    }

    private Task<FactMemory> OpenAsync(bool withModel) =>
        FactMemory.OpenAsync(Path, Options, (new TestEmbeddingGenerator(), "test:bag-of-words"), withModel ? _chat : null, Time, TimeZoneInfo.Utc, null, CancellationToken.None);
}
