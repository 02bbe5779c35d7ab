using System.Threading.Channels;
using Carapace.Agent.Turns;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Agent.Tests.Turns;

public sealed class ChannelRegistryTests
{
    public static TheoryData<string, string, string?> Lookups => new()
    {
        // target channel, target account, expected adapter ("channel/account" it was registered as; null = none)
        { "crabcallr", "home", "crabcallr/home" },
        { "crabcallr", "work", "crabcallr/Work" },
        { "CrabCallr", "WORK", "crabcallr/Work" },
        { "crabcallr", "default", null },
        { "crabcallr", "", null },
        { "crabcallr", "../home", "crabcallr/home" }, // normalised exactly as the router normalises account ids
        { "crabcallr", "home2", null },
        { "tui", "anything", "tui/(any)" },
        { "telegram", "home", null },
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void Find_Target_PicksTheAdapterOfItsChannelAndAccount(string channel, string account, string? expected)
    {
        var registry = new ChannelRegistry([new Adapter("crabcallr", "home"), new Adapter("crabcallr", "Work"), new Adapter("tui", null)]);

        var found = registry.Find(new DeliveryTarget(channel, account, new Peer(ChatType.Direct, "call-1"))) as Adapter;

        Assert.Equal(expected, found?.Name);
    }

    [Theory]
    [InlineData("home", "home")]
    [InlineData("home", "HOME")]
    [InlineData(null, "home")]
    [InlineData("home", null)]
    public void Constructor_TwoAdaptersForOneChannelAccount_IsAWiringError(string? first, string? second)
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelRegistry([new Adapter("crabcallr", first), new Adapter("crabcallr", second)]));

        Assert.Contains("channel 'crabcallr'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ChannelName_ReturnsAnAdapterOfThatChannelForItsCapabilities()
    {
        var registry = new ChannelRegistry([new Adapter("crabcallr", "home"), new Adapter("crabcallr", "work")]);

        Assert.Equal("crabcallr", registry.Find("crabcallr")?.Channel);
        Assert.Null(registry.Find("telegram"));
    }

    // A channel adapter that reports its account through its status, as real adapters do; an account of null reports no status.
    private sealed class Adapter(string channel, string? account) : IChannelAdapter
    {
        public string Name => $"{channel}/{account ?? "(any)"}";

        public string Channel => channel;

        public ChannelReader<InboundMessage> Inbound => System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>().Reader;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public object? GetService(Type serviceType) =>
            serviceType == typeof(ChannelStatus) && account is not null ? new ChannelStatus(channel, account, true, 0, 0, null) : null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
