using System.Text.Json.Serialization;

namespace LiveCommerce.Kafka;

/// <summary>JSON of a mirror checkpoint: <c>{"topic:partition": nextOffset, ...}</c>.</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
