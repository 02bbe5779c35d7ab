using Carapace.Agent.Memory;
using Carapace.Sessions.Abstractions;
using Carapace.Testing;

namespace Carapace.Agent.Tests.Memory;

public sealed class CaptureJobsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static TranscriptEntry Line(long seq, string role, string text, string? sender = null) => new()
    {
        Seq = seq,
        SessionId = "s",
        SessionKey = "agent:main:main",
        Kind = TranscriptKind.Message,
        Role = role,
        Text = text,
        At = At,
        MetadataJson = sender is null ? null : $$"""{"sender":"{{sender}}"}""",
    };

    [Fact]
    public void Build_SharedMainSession_TakesOnlyThisPersonsExchanges()
    {
        var route = TestRoutes.Direct("alice");
        var lines = new[]
        {
            Line(1, "user", "bob: my pin is 4321", sender: "telegram:bob"),
            Line(2, "assistant", "noted, bob"),
            Line(3, "user", "alice: my locker is 12", sender: route.Identity),
            Line(4, "assistant", "noted, alice"),
            Line(5, "user", "bob again", sender: "telegram:bob"),
            Line(6, "assistant", "hi bob"),
            Line(7, "user", "alice: and my bike is blue", sender: route.Identity),
            Line(8, "assistant", "got it"),
        };

        var job = CaptureJobs.Build(route, "s", lines, firstNewSeq: 7, TimeZoneInfo.Utc);

        Assert.NotNull(job);
        Assert.Equal(["alice: my locker is 12", "noted, alice", "alice: and my bike is blue", "got it"], job.Messages.Select(m => m.Text));
        Assert.Equal([7L, 8L], job.MessageSeqs);
    }

    [Fact]
    public void Build_GroupChat_KeepsEveryMembersMessages()
    {
        var route = TestRoutes.Group("g1", "alice");
        var lines = new[] { Line(1, "user", "bob: the trip is in May", sender: "telegram:bob"), Line(2, "user", "alice: yes", sender: route.Identity) };

        var job = CaptureJobs.Build(route, "s", lines, firstNewSeq: 2, TimeZoneInfo.Utc);

        Assert.Equal(["bob: the trip is in May", "alice: yes"], job!.Messages.Select(m => m.Text));
    }
}
