using System.Text;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using static Carapace.Core.Tests.Routing.RoutingFixtures;

namespace Carapace.Core.Tests.Routing;

/// <summary>OpenClaw #36915: a config with 2,205 bindings must still route every peer to its own agent.</summary>
public sealed class RouterManyBindingsTests
{
    private const int Count = 2_205;

    [Fact]
    public void Resolve_2205PeerBindings_EveryPeerReachesItsAgent()
    {
        var json = new StringBuilder("{ agents: { list: [{ id: 'main', default: true }");
        for (var i = 0; i < Count; i++)
        {
            json.Append($", {{ id: 'agent-{i}' }}");
        }

        json.Append("] }, bindings: [");
        for (var i = 0; i < Count; i++)
        {
            var channel = (i % 3) switch { 0 => "telegram", 1 => "discord", _ => "whatsapp" };
            json.Append($"{{ agentId: 'agent-{i}', match: {{ channel: '{channel}', peer: {{ kind: 'direct', id: 'user-{i}' }} }} }},");
        }

        json.Append("], session: { dmScope: 'per-channel-peer' } }");
        var config = ParseConfig(json.ToString());

        for (var i = 0; i < Count; i++)
        {
            var channel = (i % 3) switch { 0 => "telegram", 1 => "discord", _ => "whatsapp" };
            var route = Router.Resolve(config, Direct(channel, $"user-{i}"));
            Assert.Equal($"agent-{i}", route.AgentId);
            Assert.Equal("binding.peer", route.MatchedBy);
            Assert.Equal($"agent:agent-{i}:{channel}:direct:user-{i}", route.SessionKey);
        }

        var wrongChannel = Router.Resolve(config, Direct("telegram", "user-1"));
        Assert.Equal(("main", "default"), (wrongChannel.AgentId, wrongChannel.MatchedBy));
    }
}
