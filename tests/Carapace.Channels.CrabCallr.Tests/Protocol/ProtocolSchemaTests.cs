using System.Text.Json;
using System.Text.Json.Nodes;
using Carapace.Channels.CrabCallr.Tests.Infrastructure;
using Carapace.Channels.CrabCallr.Wire;
using Carapace.Core.Messages;
using Json.Schema;

namespace Carapace.Channels.CrabCallr.Tests.Protocol;

public sealed class ProtocolSchemaTests
{
    [Fact]
    public async Task EveryFrame_BothWaysOnBothSockets_MatchesTheProtocolSchema()
    {
        await using (var bed = await VoiceTestBed.StartConnectedAsync(o => o with { HeartbeatInterval = TimeSpan.FromSeconds(30) }))
        {
            await bed.StartCallAsync("call-schema");
            await bed.SayAsync("call-schema", "usr_001", "Tell me something.");
            var inbound = await bed.NextInboundAsync();
            await bed.Time.AdvanceToTimerAsync(TimeSpan.FromSeconds(3));
            await bed.NextUtteranceAsync();
            await bed.ReplyAsync(inbound, OutboundChunk.Delta("First thing. Second "));
            await bed.ReplyAsync(inbound, OutboundChunk.Final("First thing. Second thing.") with { EndConversation = false });
            await bed.NextUtteranceAsync();
            await bed.NextUtteranceAsync();
            await bed.SayAsync("call-schema", "usr_002", "Bye.");
            var bye = await bed.NextInboundAsync();
            await bed.ReplyAsync(bye, OutboundChunk.Final("") with { EndConversation = true });
            Assert.IsType<CallEndRequestFrame>(await bed.NextFrameAsync());
            await bed.Time.AdvanceToTimerAsync(TimeSpan.FromSeconds(27));
            await bed.PluginTap.WaitForFrameAsync("{\"type\":\"pong\"");
            await bed.Caller.EndCallAsync(VoiceTestBed.UserId, "call-schema", CallSources.Phone, DateTimeOffset.UtcNow.AddSeconds(-5), CancellationToken.None);
            await bed.SayAsync("call-gone", "usr_001", "anyone?");
            await bed.NextInboundAsync();
            await bed.Caller.IsPluginConnectedAsync(VoiceTestBed.UserId, CancellationToken.None);

            Validate(bed.PluginTap, "PluginToManager", "ManagerToPlugin");
            Validate(bed.AgentTap, "AgentToManager", "ManagerToAgent");
            var types = bed.PluginTap.Frames.Concat(bed.AgentTap.Frames).Select(f => JsonNode.Parse(f.Json)!["type"]!.GetValue<string>()).ToHashSet();
            Assert.Superset(
                new HashSet<string> { "auth", "auth_result", "agent_connect", "agent_auth_result", "call_start", "user_message", "utterance", "call_end_request", "call_end", "ping", "pong", "is_plugin_connected", "plugin_connected_result" },
                types);
        }
    }

    [Theory]
    [InlineData("{\"type\":\"utterance\",\"utteranceId\":\"oc_001_001\",\"callId\":\"c\",\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"utterance\",\"utteranceId\":\"oc_001_001\",\"callId\":\"c\",\"text\":\"hi\",\"ts\":1,\"extra\":1}")]
    [InlineData("{\"type\":\"utterance\",\"utteranceId\":\"reply-1\",\"callId\":\"c\",\"text\":\"hi\",\"ts\":1}")]
    [InlineData("{\"type\":\"auth\",\"apiKey\":\"sk_123\",\"ts\":1}")]
    [InlineData("{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":\"c\",\"ts\":1}")]
    public void Schema_FrameOutsideTheProtocol_IsRejected(string json) =>
        Assert.False(SchemaFor("PluginToManager").Evaluate(JsonDocument.Parse(json).RootElement).IsValid);

    private static void Validate(FrameTap tap, string fromClient, string toClient)
    {
        Assert.NotEmpty(tap.Frames);
        foreach (var (isFromClient, _, json) in tap.Frames)
        {
            var direction = isFromClient ? fromClient : toClient;
            var result = SchemaFor(direction).Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{direction}: {json}");
        }
    }

    private static JsonSchema SchemaFor(string direction)
    {
        using var stream = typeof(ProtocolSchemaTests).Assembly.GetManifestResourceStream("crabcallr-protocol.schema.json")!;
        var root = JsonNode.Parse(stream)!.AsObject();
        var wrapper = new JsonObject
        {
            ["$schema"] = root["$schema"]!.DeepClone(),
            ["$defs"] = root["$defs"]!.DeepClone(),
            ["$ref"] = $"#/$defs/{direction}",
        };
        return JsonSchema.FromText(wrapper.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
