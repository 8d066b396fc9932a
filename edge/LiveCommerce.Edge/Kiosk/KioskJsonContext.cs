using System.Text.Json.Serialization;

namespace LiveCommerce.Edge.Kiosk;

/// <summary>JSON of the kiosk endpoints: camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StaffIdentity))]
internal sealed partial class KioskJsonContext : JsonSerializerContext;
