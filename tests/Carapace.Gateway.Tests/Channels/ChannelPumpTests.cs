using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.Channels;

public sealed class ChannelPumpTests
{
    [Fact]
    public async Task Pump_InboundMessages_DispatchedInOrderAndRepliesGoToTheirOwnPeer()
    {
        var platform = new FakePlatformAdapter("fakechat");
        var broken = new FakePlatformAdapter("brokenchat", new IOException("login failed"));
        await using var gateway = await StartAsync(platform, broken);

        foreach (var (peer, text) in new[] { ("u1", "one"), ("u2", "two"), ("u1", "three") })
        {
            platform.Receive(Message(peer, text));
        }

        await platform.WaitForFinalsAsync(3);

        Assert.Equal(["one", "two", "three"], gateway.Echo.Durable.Select(m => m.Text));
        var finals = platform.Sent.Where(s => s.Chunk.IsFinal).ToArray();
        Assert.Equal(["echo: two"], finals.Where(f => f.Target.Peer.Id == "u2").Select(f => f.Chunk.Text));
        Assert.Equal(["echo: one", "echo: three"], finals.Where(f => f.Target.Peer.Id == "u1").Select(f => f.Chunk.Text).Order());
    }

    [Fact]
    public async Task Pump_DispatchFails_MessageSkippedAndNextStillDispatched()
    {
        var platform = new FakePlatformAdapter("fakechat");
        await using var gateway = await StartAsync(platform);
        gateway.Echo.FailWhen = m => m.Text == "refused";

        platform.Receive(Message("u1", "refused"));
        platform.Receive(Message("u1", "kept"));
        await platform.WaitForFinalsAsync(1);

        Assert.Equal(["kept"], gateway.Echo.Durable.Select(m => m.Text));
        Assert.Equal("echo: kept", platform.Sent.Single(s => s.Chunk.IsFinal).Chunk.Text);
    }

    private static InboundMessage Message(string peer, string text) =>
        new() { Channel = "fakechat", Peer = new Peer(ChatType.Direct, peer), SenderId = peer, Text = text, ReceivedAt = DateTimeOffset.UnixEpoch };

    private static Task<TestGateway> StartAsync(params IChannelAdapter[] platforms) =>
        TestGateway.StartAsync(services: services =>
        {
            foreach (var platform in platforms)
            {
                services.AddSingleton(platform);
            }
        });
}
