using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace Carapace.Sessions.Tests.Lifecycle;

public sealed class SessionManagerTests : IAsyncLifetime
{
    private const string Key = "agent:main:telegram:direct:123";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private TempSessionDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TempSessionDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    internal static Route RouteFor(string key, string channel = "telegram", ChatType chatType = ChatType.Direct) => new()
    {
        AgentId = "main",
        Channel = channel,
        AccountId = "default",
        SessionKey = key,
        MainSessionKey = "agent:main:main",
        ChatType = chatType,
        Identity = $"{channel}:123",
        IsOwner = false,
        DmScope = "per-channel-peer",
        MatchedBy = "default",
        Delivery = new DeliveryTarget(channel, "default", new Peer(chatType, "123")),
        Memory = MemoryScope.For("main", $"{channel}:123", false, chatType, key, null),
    };

    private InboundMessage Message(string text, string? threadId = null) => new()
    {
        Channel = "telegram",
        Peer = new Peer(ChatType.Direct, "123"),
        SenderId = "123",
        Text = text,
        ThreadId = threadId,
        ReceivedAt = _time.GetUtcNow(),
    };

    private SessionManager Manager(string sessionJson5 = "{}")
    {
        var doc = Core.Config.ConfigDocument.Parse($"{{ session: {sessionJson5} }}", "test.json5");
        var options = SessionPolicyOptions.Bind(doc.Root["session"]);
        Assert.False(doc.HasErrors, string.Join("\n", doc.Diagnostics));
        return new SessionManager(_db.Sessions, _db.Transcripts, _db.History, options, _time, TimeZoneInfo.Utc);
    }

    [Fact]
    public async Task StartTurnAsync_UnknownKey_CreatesSessionAndReportsNew()
    {
        var start = await Manager().StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None);

        Assert.Equal(RotationReason.New, start.Rotation!.Reason);
        Assert.Null(start.Rotation.PreviousSessionId);
        Assert.Equal("hi", start.Body);
        Assert.Equal(start.Entry, await _db.Sessions.GetAsync(Key, CancellationToken.None));
        Assert.Equal(_time.GetUtcNow(), start.Entry.StartedAt);
        Assert.Equal("telegram", start.Entry.Channel);
        Assert.Equal(RouteFor(Key).Delivery, start.Entry.Origin);
    }

    [Fact]
    public async Task StartTurnAsync_DefaultPolicy_NeverResetsAndUpdatesLastInteraction()
    {
        var manager = Manager();
        var first = await manager.StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(40));
        var later = await manager.StartTurnAsync(RouteFor(Key), Message("still there?"), CancellationToken.None);

        Assert.Null(later.Rotation);
        Assert.Equal(first.Entry.SessionId, later.Entry.SessionId);
        Assert.Equal(first.Entry.StartedAt, later.Entry.StartedAt);
        Assert.Equal(_time.GetUtcNow(), later.Entry.LastInteractionAt);
    }

    [Theory]
    [InlineData("/new", "/new", "")]
    [InlineData("  /RESET ", "/reset", "")]
    [InlineData("/new tell me a joke", "/new", "tell me a joke")]
    public async Task StartTurnAsync_ResetTrigger_RotatesKeepsOldTranscriptAndReturnsBody(string text, string trigger, string body)
    {
        var manager = Manager();
        var first = await manager.StartTurnAsync(RouteFor(Key), Message("remember the blue door"), CancellationToken.None);
        await _db.Transcripts.AppendAsync(
            new TranscriptEntry { SessionId = first.Entry.SessionId, SessionKey = Key, Kind = TranscriptKind.Message, Role = "user", Text = "remember the blue door", At = _time.GetUtcNow() },
            CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));

        var start = await manager.StartTurnAsync(RouteFor(Key), Message(text), CancellationToken.None);

        Assert.Equal(new SessionRotation(RotationReason.Trigger, trigger, first.Entry.SessionId, start.Entry.SessionId), start.Rotation);
        Assert.Equal($"New conversation started ({trigger}).", start.Rotation!.Notice);
        Assert.Equal(body, start.Body);
        Assert.NotEqual(first.Entry.SessionId, start.Entry.SessionId);
        Assert.Equal(_time.GetUtcNow(), start.Entry.StartedAt);

        var old = await _db.Transcripts.ReadAsync(first.Entry.SessionId, 0, CancellationToken.None);
        Assert.Equal("remember the blue door", old[0].Text);
        Assert.Equal(TranscriptKind.Reset, old[^1].Kind);
        Assert.Contains(start.Entry.SessionId, old[^1].Text, StringComparison.Ordinal);
        Assert.Empty(await _db.Transcripts.ReadAsync(start.Entry.SessionId, 0, CancellationToken.None));

        var history = Assert.Single(await _db.History.ListAsync(Key, CancellationToken.None));
        Assert.Equal(new SessionHistoryEntry(Key, first.Entry.SessionId, first.Entry.StartedAt, _time.GetUtcNow(), RotationReason.Trigger, trigger, start.Entry.SessionId), history);
    }

    [Fact]
    public async Task StartTurnAsync_TriggerOnUnknownKey_IsANewSessionThatStillSaysSo()
    {
        var start = await Manager().StartTurnAsync(RouteFor(Key), Message("/new hello"), CancellationToken.None);
        Assert.Equal(RotationReason.Trigger, start.Rotation!.Reason);
        Assert.Null(start.Rotation.PreviousSessionId);
        Assert.Equal("New conversation started (/new).", start.Rotation.Notice);
        Assert.Equal("hello", start.Body);
        Assert.Empty(await _db.History.ListAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task StartTurnAsync_DailyPolicy_RotatesOnFirstMessageAfterTheHour()
    {
        var manager = Manager("{ reset: { mode: 'daily', atHour: 4 } }");
        var first = await manager.StartTurnAsync(RouteFor(Key), Message("evening"), CancellationToken.None);
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 3, 59, 59, TimeSpan.Zero));
        var beforeHour = await manager.StartTurnAsync(RouteFor(Key), Message("late night"), CancellationToken.None);
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero));
        var atHour = await manager.StartTurnAsync(RouteFor(Key), Message("morning"), CancellationToken.None);
        var after = await manager.StartTurnAsync(RouteFor(Key), Message("again"), CancellationToken.None);

        Assert.Null(beforeHour.Rotation);
        Assert.Equal(first.Entry.SessionId, beforeHour.Entry.SessionId);
        Assert.Equal(RotationReason.Daily, atHour.Rotation!.Reason);
        Assert.Equal("morning", atHour.Body);
        Assert.Null(after.Rotation);
        Assert.Equal(atHour.Entry.SessionId, after.Entry.SessionId);
    }

    [Fact]
    public async Task StartTurnAsync_IdlePolicy_RotatesOnlyAfterSilenceLongerThanTheLimit()
    {
        var manager = Manager("{ reset: { mode: 'idle', idleMinutes: 30 } }");
        var first = await manager.StartTurnAsync(RouteFor(Key), Message("a"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30));
        var atLimit = await manager.StartTurnAsync(RouteFor(Key), Message("b"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(1));
        var past = await manager.StartTurnAsync(RouteFor(Key), Message("c"), CancellationToken.None);

        Assert.Null(atLimit.Rotation);
        Assert.Equal(first.Entry.SessionId, atLimit.Entry.SessionId);
        Assert.Equal(new SessionRotation(RotationReason.Idle, null, first.Entry.SessionId, past.Entry.SessionId), past.Rotation);
        Assert.Equal("New conversation started (idle reset).", past.Rotation!.Notice);
    }

    [Fact]
    public async Task StartTurnAsync_ChannelOverride_AppliesOnlyToThatChannel()
    {
        var manager = Manager("{ resetByChannel: { discord: { mode: 'idle', idleMinutes: 5 } } }");
        const string discordKey = "agent:main:discord:direct:123";
        await manager.StartTurnAsync(RouteFor(discordKey, "discord"), Message("x"), CancellationToken.None);
        await manager.StartTurnAsync(RouteFor(Key), Message("y"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(RotationReason.Idle, (await manager.StartTurnAsync(RouteFor(discordKey, "discord"), Message("x"), CancellationToken.None)).Rotation?.Reason);
        Assert.Null((await manager.StartTurnAsync(RouteFor(Key), Message("y"), CancellationToken.None)).Rotation);
    }

    [Fact]
    public async Task StartTurnAsync_ThreadMessage_UsesTheThreadOverride()
    {
        var manager = Manager("{ resetByType: { thread: { mode: 'idle', idleMinutes: 1 } } }");
        await manager.StartTurnAsync(RouteFor(Key), Message("in thread", threadId: "t1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null((await manager.StartTurnAsync(RouteFor(Key), Message("not a thread"), CancellationToken.None)).Rotation);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(RotationReason.Idle, (await manager.StartTurnAsync(RouteFor(Key), Message("in thread", threadId: "t1"), CancellationToken.None)).Rotation?.Reason);
    }

    [Fact]
    public async Task ResetAsync_KnownKey_RotatesWithManualReasonAndZeroesCounts()
    {
        var manager = Manager();
        var first = await manager.StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None);
        await manager.RecordUsageAsync(Key, first.Entry.SessionId, new TokenUsage(100, 20, 120), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        var rotation = await manager.ResetAsync(Key, CancellationToken.None);
        var entry = await _db.Sessions.GetAsync(Key, CancellationToken.None);

        Assert.Equal(RotationReason.Manual, rotation!.Reason);
        Assert.Equal(first.Entry.SessionId, rotation.PreviousSessionId);
        Assert.Equal(rotation.SessionId, entry!.SessionId);
        Assert.Equal((0L, 0L, 0L), (entry.InputTokens, entry.OutputTokens, entry.ContextTokens));
        Assert.Equal(_time.GetUtcNow(), entry.StartedAt);
        Assert.Equal(RotationReason.Manual, Assert.Single(await _db.History.ListAsync(Key, CancellationToken.None)).Reason);
        Assert.Null(await manager.ResetAsync("agent:main:nobody", CancellationToken.None));
    }

    [Fact]
    public async Task RecordUsageAsync_Turns_AccumulateTokensAndIgnoreAResetSession()
    {
        var manager = Manager();
        var start = await manager.StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None);
        await manager.RecordUsageAsync(Key, start.Entry.SessionId, new TokenUsage(100, 20, 120), CancellationToken.None);
        var second = await manager.RecordUsageAsync(Key, start.Entry.SessionId, new TokenUsage(150, 30, 300), CancellationToken.None);

        Assert.Equal((250L, 50L, 300L), (second!.InputTokens, second.OutputTokens, second.ContextTokens));
        Assert.Null(await manager.RecordUsageAsync(Key, "some-old-session", new TokenUsage(1, 1, 1), CancellationToken.None));
        Assert.Equal(second, await _db.Sessions.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task RecordCompactionAsync_Session_CountsItForgetsThePromptSizeAndIgnoresAResetSession()
    {
        var manager = Manager();
        var start = await manager.StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None);
        await manager.RecordUsageAsync(Key, start.Entry.SessionId, new TokenUsage(100, 20, 180_000), CancellationToken.None);

        await manager.RecordCompactionAsync(Key, start.Entry.SessionId, CancellationToken.None);
        var second = await manager.RecordCompactionAsync(Key, start.Entry.SessionId, CancellationToken.None);

        Assert.Equal((2, 0L, 100L), (second!.CompactionCount, second.ContextTokens, second.InputTokens));
        Assert.Null(await manager.RecordCompactionAsync(Key, "some-old-session", CancellationToken.None));
        Assert.Null(await manager.RecordCompactionAsync("agent:main:telegram:direct:unknown", start.Entry.SessionId, CancellationToken.None));
        Assert.Equal(second, await _db.Sessions.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task StartTurnAsync_ConcurrentFirstMessages_AgreeOnOneSession()
    {
        var manager = Manager();
        // Four callers: each optimistic round lets at least one through, so all finish within the manager's five attempts.
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => manager.StartTurnAsync(RouteFor(Key), Message("hi"), CancellationToken.None))));

        Assert.Single(starts.Select(s => s.Entry.SessionId).Distinct());
        Assert.Single(starts, s => s.Rotation is not null);
    }
}
