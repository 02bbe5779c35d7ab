using Carapace.Agent.Abstractions;
using Carapace.Agent.Memory;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Gateway.Tests.Support;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>The memory flush compaction runs first: the lines about to be summarised are queued for capture and end up as facts.</summary>
public sealed class FactMemoryFlushTests
{
    [Fact]
    public async Task Flush_TwelveCompactedMessages_QueuedInTwoWindowsAndCapturedForThatPerson()
    {
        await using var gateway = await TestGateway.StartAsync(memoryCapture: true);
        gateway.Model.Script(r => r.SystemText.Contains("You extract durable facts", StringComparison.Ordinal)
            ? ModelReply.WithText(r.PromptText.Contains("CANARY-BOAT", StringComparison.Ordinal) ? "{\"facts\": [\"Owns a boat called CANARY-BOAT\"]}" : "{\"facts\": []}")
            : ModelReply.WithText("{\"memory\": [{\"id\": \"0\", \"text\": \"Owns a boat called CANARY-BOAT\", \"event\": \"ADD\"}]}"));
        var route = Router.Resolve(gateway.Host.Settings.Routing, new InboundMessage
        {
            Channel = "tui", Peer = new Peer(ChatType.Direct, "alice"), SenderId = "alice", Text = "x", ReceivedAt = DateTimeOffset.UtcNow,
        });
        var lines = Enumerable.Range(1, 12).Select(i => new TranscriptEntry
        {
            Seq = i, SessionId = "s-1", SessionKey = route.SessionKey, Kind = TranscriptKind.Message, Role = i % 2 == 1 ? "user" : "assistant",
            Text = i == 11 ? "my boat is called CANARY-BOAT" : $"line {i}", At = DateTimeOffset.UtcNow,
        }).ToList();

        await gateway.Host.Services.GetRequiredService<IMemoryFlush>().FlushAsync(route, "s-1", lines, CancellationToken.None);
        await gateway.Model.WaitForRequestsAsync(3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var facts = await gateway.Host.Services.GetRequiredService<FactMemories>().GetAsync("main");
        await facts.WhenCaptureIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, (await facts.CaptureCountsAsync(CancellationToken.None))["done"]);
        var fact = Assert.Single(await facts.ListAsync(route.Memory, CancellationToken.None));
        Assert.Equal(("Owns a boat called CANARY-BOAT", "s-1"), (fact.Text, fact.Source.SessionId));
        Assert.Equal([11L, 12L], fact.Source.MessageSeqs);
    }
}
