using System.Text;
using BenchmarkDotNet.Attributes;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Benchmarks.Routing;

/// <summary>Routing throughput: the router runs once per inbound message, so it must never be the bottleneck (target ≥ 1,000,000 keys/s).</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private RoutingConfig _small = null!;
    private RoutingConfig _large = null!;
    private InboundMessage[] _messages = null!;
    private int _next;

    /// <summary>The number of bindings in the large config (OpenClaw's regression case #36915 has 2,205).</summary>
    [Params(2205)]
    public int Bindings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _small = Bind("""
            { session: { dmScope: 'per-channel-peer', identityLinks: { alice: ['telegram:100', 'discord:200'] } },
              owners: ['alice'] }
            """);
        var large = new StringBuilder("{ session: { dmScope: 'per-account-channel-peer' }, agents: { list: [{ id: 'main', default: true }");
        for (var i = 0; i < Bindings; i++)
        {
            large.Append($", {{ id: 'a{i}' }}");
        }

        large.Append("] }, bindings: [");
        for (var i = 0; i < Bindings; i++)
        {
            large.Append($"{{ agentId: 'a{i}', match: {{ channel: 'discord', peer: {{ kind: 'channel', id: 'room{i}' }} }} }},");
        }

        _large = Bind(large.Append("] }").ToString());
        _messages = Enumerable.Range(0, 1024).Select(i => new InboundMessage
        {
            Channel = (i % 3) switch { 0 => "telegram", 1 => "discord", _ => "whatsapp" },
            AccountId = i % 5 == 0 ? "Work Bot" : null,
            Peer = new Peer(i % 4 == 0 ? ChatType.Group : ChatType.Direct, $"user{i % 97}"),
            SenderId = $"user{i % 97}",
            Text = "hello",
            ReceivedAt = At,
        }).ToArray();
    }

    [Benchmark(Description = "SessionKeys.BuildPeerSessionKey")]
    public string BuildKey()
    {
        var m = _messages[_next++ & 1023];
        return SessionKeys.BuildPeerSessionKey("main", m.Channel, m.AccountId, m.Peer.Kind, m.Peer.Id, DmScopes.PerChannelPeer, GroupScopes.PerGroup, _small.IdentityLinks);
    }

    [Benchmark(Description = "Router.Resolve, no bindings, identity links")]
    public Route ResolveSmall() => Router.Resolve(_small, _messages[_next++ & 1023]);

    [Benchmark(Description = "Router.Resolve, 2,205 peer bindings")]
    public Route ResolveLarge() => Router.Resolve(_large, _messages[_next++ & 1023]);

    private static RoutingConfig Bind(string json5)
    {
        var document = ConfigDocument.Parse(json5, "bench.json5");
        var config = RoutingConfig.Bind(document.Root);
        return document.HasErrors ? throw new InvalidOperationException(string.Join('\n', document.Diagnostics)) : config;
    }
}
