using System.Text.Json.Serialization;

namespace LiveCommerce.Edge.Uplink;

/// <summary>JSON of the mirror's checkpoint: <c>{"topic:partition": nextOffset, ...}</c>.</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class UplinkJsonContext : JsonSerializerContext;
