using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Clients;

public sealed class ClientSocketEndpointTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-wrong-token")]
    [InlineData("")]
    public async Task Connect_MissingOrWrongToken_Refused401BeforeUpgrade(string? token)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();
        var url = new Uri(gateway.Host.BaseUrl, "/ws" + (token is null ? "" : "?token=" + token));

        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var refused = await Assert.ThrowsAsync<GatewayConnectException>(() => GatewayClient.ConnectAsync(gateway.Host.WebSocketUrl, token ?? "", CancellationToken.None));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task Connect_TokenInQueryString_Accepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var socket = new ClientWebSocket();
        var url = new UriBuilder(gateway.Host.WebSocketUrl) { Query = "token=" + gateway.Host.Token }.Uri;

        await socket.ConnectAsync(url, CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Send_DirectMessage_AcceptedAfterDurableThenDeltasThenFinal()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Echo.DeliverBeforeReturning = true;
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync("m1", "hello there");
        var frames = await client.UntilFinalAsync("m1");

        Assert.Equal(["accepted", "delta", "delta", "final"], frames.Select(f => f.Type));
        Assert.All(frames, f => Assert.Equal("m1", f.Id));
        Assert.Equal("agent:main:tui:direct:alice", frames[0].SessionKey);
        Assert.Equal(1, frames[0].Seq);
        Assert.Equal("echo: hello there", string.Concat(frames.Where(f => f.Type == "delta").Select(f => f.Text)));
        Assert.Equal("echo: hello there", frames[^1].Text);
        var durable = Assert.Single(gateway.Echo.Durable);
        Assert.Equal(("tui", "alice", "alice", "m1"), (durable.Channel, durable.Peer.Id, durable.SenderId, durable.ChannelMessageId));
    }

    [Fact]
    public async Task ReplyGoesToTheTargetOfItsOwnMessage()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var alice = await gateway.ConnectAsync();
        await using var bob = await gateway.ConnectAsync();

        await alice.SendTextAsync("a1", "alice's secret", peer: "alice");
        await bob.SendTextAsync("b1", "bob's question", peer: "bob");
        var aliceFrames = await alice.UntilFinalAsync("a1");
        var bobFrames = await bob.UntilFinalAsync("b1");
        await alice.SendTextAsync("a2", "second", peer: "alice");
        aliceFrames.AddRange(await alice.UntilFinalAsync("a2"));

        Assert.DoesNotContain(aliceFrames, f => f.Id == "b1" || (f.Text ?? "").Contains("bob", StringComparison.Ordinal));
        Assert.DoesNotContain(bobFrames, f => f.Id is "a1" or "a2" || (f.Text ?? "").Contains("alice", StringComparison.Ordinal));
        Assert.Equal("echo: bob's question", bobFrames[^1].Text);
        Assert.Equal("echo: second", aliceFrames[^1].Text);
    }

    [Fact]
    public async Task Send_SamePeerOnTwoSockets_BothSocketsGetTheReply()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var first = await gateway.ConnectAsync();
        await using var second = await gateway.ConnectAsync();
        await second.SendTextAsync("s0", "register", peer: "carol");
        await second.UntilFinalAsync("s0");

        await first.SendTextAsync("f1", "from the first window", peer: "carol");
        await first.UntilFinalAsync("f1");
        var mirrored = await second.UntilFinalAsync("f1");

        Assert.Equal("echo: from the first window", mirrored[^1].Text);
        Assert.DoesNotContain(mirrored, f => f.Type == "accepted");
    }

    public static TheoryData<string, string?, string> BadFrames => new()
    {
        { "not json at all", null, "not valid JSON" },
        { "[1,2,3]", null, "must be a JSON object" },
        { """{"type":"send"}""", null, "id: required" },
        { """{"type":"launch","id":"x1"}""", "x1", "unknown frame type 'launch'" },
        { """{"id":"x2"}""", "x2", "type: required" },
        { """{"type":"send","id":"x3","channel":"tui","peer":{"kind":"direct","id":"a"}}""", "x3", "text: required" },
        { """{"type":"send","id":"x4","channel":"telegram","peer":{"kind":"direct","id":"a"},"text":"hi"}""", "x4", "'telegram' is not a client channel" },
        { """{"type":"send","id":"x5","channel":"tui","peer":{"kind":"room","id":"a"},"text":"hi"}""", "x5", "peer.kind: unknown value 'room'" },
        { """{"type":"send","id":"x6","channel":"tui","peer":"alice","text":"hi"}""", "x6", "peer: expected an object" },
        { """{"type":"send","id":"x7","channel":"tui","peer":{"kind":"direct","id":"a"},"text":42}""", "x7", "text: expected a string but found a number" },
        { """{"type":"send","id":"x8","channel":"tui","peer":{"kind":"group","id":"g"},"text":"hi"}""", "x8", "sender: required for a group peer" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task Send_BadFrame_ErrorNamesProblemAndConnectionStaysUp(string frame, string? id, string expected)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var socket = await ConnectRawAsync(gateway);

        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        var error = await ReceiveAsync(socket);

        Assert.Equal("error", error.Type);
        Assert.Equal(id, error.Id);
        Assert.Contains(expected, error.Message);
        await AssertStillAnswersAsync(socket);
    }

    [Fact]
    public async Task Send_TextOverLimit_ErrorNamesTextAndLimit()
    {
        await using var gateway = await TestGateway.StartAsync("{ gateway: { maxTextChars: 10 } }");
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync("long", new string('x', 11));
        var error = await client.NextAsync();

        Assert.Equal(("error", "long"), (error.Type, error.Id));
        Assert.Contains("text: 11 characters is over the limit of 10", error.Message);
        Assert.Empty(gateway.Echo.Durable);
    }

    [Fact]
    public async Task Send_FrameLargerThanBuffer_ErrorAndConnectionStaysUp()
    {
        await using var gateway = await TestGateway.StartAsync("{ gateway: { maxTextChars: 100 } }");
        using var socket = await ConnectRawAsync(gateway);

        var huge = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('y', 100_000) + "\"}");
        await socket.SendAsync(huge, WebSocketMessageType.Text, true, CancellationToken.None);
        var error = await ReceiveAsync(socket);

        Assert.Equal("error", error.Type);
        Assert.Contains("larger than", error.Message);
        await AssertStillAnswersAsync(socket);
    }

    [Fact]
    public async Task Send_BinaryFrame_ErrorAndConnectionStaysUp()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var socket = await ConnectRawAsync(gateway);

        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var error = await ReceiveAsync(socket);

        Assert.Contains("not binary", error.Message);
        await AssertStillAnswersAsync(socket);
    }

    [Fact]
    public async Task Send_DispatcherFails_ErrorFrameAndNoAccepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Echo.FailWhen = _ => true;
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync("m1", "hello");
        var frame = await client.NextAsync();

        Assert.Equal(("error", "m1"), (frame.Type, frame.Id));
        Assert.Contains("not accepted: disk full", frame.Message);
    }

    [Fact]
    public async Task SessionsList_AfterMessages_ListsTheirSessions()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        await client.SendTextAsync("m1", "hi", peer: "alice");
        await client.UntilFinalAsync("m1");
        await client.SendAsync(new SendFrame("m2", "webchat", new Peer(ChatType.Group, "room1"), "dave", "hello room", null), CancellationToken.None);
        await client.UntilFinalAsync("m2");

        await client.SendAsync(new SessionsListFrame("l1"), CancellationToken.None);
        var list = await client.NextAsync();

        Assert.Equal(("sessions", "l1"), (list.Type, list.Id));
        Assert.Equal(
            ["agent:main:tui:direct:alice", "agent:main:webchat:group:room1"],
            list.Sessions!.Select(s => s.Key).Order());
        Assert.Contains(list.Sessions!, s => s is { Channel: "webchat", ChatType: "group" });
    }

    private static async Task<ClientWebSocket> ConnectRawAsync(TestGateway gateway)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + gateway.Host.Token);
        await socket.ConnectAsync(gateway.Host.WebSocketUrl, CancellationToken.None);
        return socket;
    }

    private static async Task<ServerFrame> ReceiveAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(FrameExtensions.Timeout);
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        Assert.True(result.EndOfMessage);
        return JsonSerializer.Deserialize<ServerFrame>(buffer.AsSpan(0, result.Count), WireJson.Options)!;
    }

    private static async Task AssertStillAnswersAsync(ClientWebSocket socket)
    {
        await socket.SendAsync("""{"type":"sessions.list","id":"after"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var answer = await ReceiveAsync(socket);
        Assert.Equal(("sessions", "after"), (answer.Type, answer.Id));
    }
}
