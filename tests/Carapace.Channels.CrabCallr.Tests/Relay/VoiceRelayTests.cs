using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Channels.CrabCallr.Tests.Relay;

public sealed class VoiceRelayTests
{
    private const string Secret = "relay-secret-0123456789";
    private const string Key = "cc_0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task PluginSocket_SilentForAuthTimeout_IsClosedWith4001()
    {
        var time = new ObservedTimeProvider();
        await using var relay = await StartAsync(time);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(relay.PluginUri, CancellationToken.None);

        await time.AdvanceToTimerAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CloseCodes.AuthTimeout, await CloseCodeAsync(socket));
    }

    [Theory]
    [InlineData("/plugin", "{oops", CloseCodes.InvalidMessage)]
    [InlineData("/plugin", "{\"type\":\"ping\",\"ts\":1}", CloseCodes.AuthFailed)]
    [InlineData("/plugin", "{\"type\":\"auth\",\"apiKey\":\"cc_wrong\",\"ts\":1}", CloseCodes.AuthFailed)]
    [InlineData("/agent", "{\"type\":\"agent_connect\",\"agentSecret\":\"guess\",\"agentId\":\"a\",\"ts\":1}", CloseCodes.AuthFailed)]
    [InlineData("/agent", "[]", CloseCodes.InvalidMessage)]
    public async Task Socket_BadFirstFrame_IsClosedWithTheProtocolCode(string path, string firstFrame, int expected)
    {
        await using var relay = await StartAsync(TimeProvider.System);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{relay.BaseUri.Authority}{path}"), CancellationToken.None);

        await socket.SendAsync(Encoding.UTF8.GetBytes(firstFrame), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal(expected, await CloseCodeAsync(socket));
    }

    [Fact]
    public async Task Agent_WrongSecret_IsRefusedWithTheReason()
    {
        await using var relay = await StartAsync(TimeProvider.System);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => VoiceCaller.ConnectAsync(relay.AgentUri, "not-the-secret", "agent", TimeProvider.System, CancellationToken.None));

        Assert.Contains("Invalid agent secret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utterance_ForACallOfAnotherUser_IsNotForwarded()
    {
        await using var relay = await StartAsync(TimeProvider.System, ("alice", Key), ("bob", "cc_ffffffffffffffffffffffffffffffff"));
        await using var caller = await VoiceCaller.ConnectAsync(relay.AgentUri, Secret, "agent", TimeProvider.System, CancellationToken.None);
        var (bobSocket, bob) = await AuthenticatedPluginAsync(relay, "cc_ffffffffffffffffffffffffffffffff");
        using var bobConnection = bobSocket;
        await caller.StartCallAsync("alice", "alice-call", CallSources.Phone, CancellationToken.None);

        await bob.SendAsync(new UtteranceFrame("oc_001_001", "alice-call", "I am not Alice's agent.") { Ts = 1 }, CancellationToken.None);
        await bob.SendAsync(new CallEndRequestFrame("alice", "alice-call") { Ts = 1 }, CancellationToken.None);
        await caller.SendUserMessageAsync("alice", "alice-call", "usr_001", "hello?", CancellationToken.None);

        var first = Assert.IsType<UtteranceFrame>((await caller.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Frame);
        Assert.Equal("sys_error", first.UtteranceId);
    }

    [Fact]
    public async Task Health_ReportsStatusAndConnectionCounts()
    {
        await using var relay = await StartAsync(TimeProvider.System);
        await using var caller = await VoiceCaller.ConnectAsync(relay.AgentUri, Secret, "agent", TimeProvider.System, CancellationToken.None);
        using var plugin = (await AuthenticatedPluginAsync(relay, Key)).Socket;
        Assert.True(await caller.IsPluginConnectedAsync("alice", CancellationToken.None));
        Assert.False(await caller.IsPluginConnectedAsync("nobody", CancellationToken.None));

        using var http = new HttpClient();
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri(relay.BaseUri, "/health")))!;

        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal(1, health["connections"]!["plugins"]!.GetValue<int>());
        Assert.Equal(1, health["connections"]!["agents"]!.GetValue<int>());
    }

    private static async Task<(ClientWebSocket Socket, FrameSocket Frames)> AuthenticatedPluginAsync(RelayHost relay, string apiKey)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(relay.PluginUri, CancellationToken.None);
        var frames = new FrameSocket(socket);
        await frames.SendAsync(new AuthFrame(apiKey) { Ts = 1 }, CancellationToken.None);
        var reply = await frames.ReceiveAsync(CancellationToken.None);
        Assert.True(FrameCodec.TryParse(reply.Data!.Value.Span, out var frame, out _));
        Assert.True(Assert.IsType<AuthResultFrame>(frame).Success);
        return (socket, frames);
    }

    private static async Task<int?> CloseCodeAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, limit.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int?)result.CloseStatus;
            }
        }
    }

    private static Task<RelayHost> StartAsync(TimeProvider time, params (string User, string Key)[] users)
    {
        var keys = (users.Length == 0 ? [("alice", Key)] : users).ToDictionary(u => u.User, u => u.Key);
        return RelayHost.StartAsync(new RelayOptions { Port = 0, AgentSecret = Secret, ApiKeys = keys }, time, NullLoggerFactory.Instance, CancellationToken.None);
    }
}
