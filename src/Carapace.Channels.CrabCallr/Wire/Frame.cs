using System.Text.Json.Serialization;

namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>
/// One CrabCallr protocol v2.0.0 message: a JSON object per WebSocket text frame, told apart by <c>type</c> and
/// stamped with <see cref="Ts"/>. One hierarchy serves both sockets (plugin and voice agent); fields that only one
/// side carries are optional and left out when null, so nothing extra reaches the wire.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AuthFrame), "auth")]
[JsonDerivedType(typeof(AuthResultFrame), "auth_result")]
[JsonDerivedType(typeof(UtteranceFrame), "utterance")]
[JsonDerivedType(typeof(CallEndRequestFrame), "call_end_request")]
[JsonDerivedType(typeof(PingFrame), "ping")]
[JsonDerivedType(typeof(PongFrame), "pong")]
[JsonDerivedType(typeof(CallStartFrame), "call_start")]
[JsonDerivedType(typeof(UserMessageFrame), "user_message")]
[JsonDerivedType(typeof(CallEndFrame), "call_end")]
[JsonDerivedType(typeof(AgentConnectFrame), "agent_connect")]
[JsonDerivedType(typeof(AgentAuthResultFrame), "agent_auth_result")]
[JsonDerivedType(typeof(IsPluginConnectedFrame), "is_plugin_connected")]
[JsonDerivedType(typeof(PluginConnectedResultFrame), "plugin_connected_result")]
public abstract record Frame
{
    /// <summary>When the frame was created, Unix epoch milliseconds; required on every frame.</summary>
    [JsonPropertyOrder(100)]
    public required long Ts { get; init; }
}
