using System.Text.Json.Serialization;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>Source-generated JSON of the fleet endpoints: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoreStatus))]
[JsonSerializable(typeof(IReadOnlyList<StoreStatus>))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
