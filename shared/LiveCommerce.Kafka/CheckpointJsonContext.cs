using System.Text.Json.Serialization;

namespace LiveCommerce.Kafka;

/// <summary>JSON of a mirror checkpoint: <c>{"sequence":n,"confirms":m,"positions":{"topic:partition": nextOffset, ...}}</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckpointRecord))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
