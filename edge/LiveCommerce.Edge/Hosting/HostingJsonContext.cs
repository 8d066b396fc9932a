using System.Text.Json.Serialization;

namespace LiveCommerce.Edge.Hosting;

/// <summary>JSON of the edge's error answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
