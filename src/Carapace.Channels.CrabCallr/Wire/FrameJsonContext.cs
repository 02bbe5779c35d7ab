using System.Text.Json.Serialization;

namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>Source-generated, strict JSON metadata for <see cref="Frame"/>: camelCase, nulls omitted, unknown fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(Frame))]
internal sealed partial class FrameJsonContext : JsonSerializerContext;
