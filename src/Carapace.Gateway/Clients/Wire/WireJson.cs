using System.Text.Json;
using System.Text.Json.Serialization;

namespace Carapace.Gateway.Clients.Wire;

/// <summary>The JSON shape of every frame (camelCase, nulls left out), shared by the gateway and its clients.</summary>
public static class WireJson
{
    /// <summary>Serializer options for frames.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
