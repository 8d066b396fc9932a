using System.Text.Json.Serialization;

namespace LiveCommerce.Edge.Analytics;

/// <summary>JSON of the persisted presence, the zone events and the analytics endpoints: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShopperPresence))]
[JsonSerializable(typeof(ZoneEvent))]
[JsonSerializable(typeof(IReadOnlyList<ZoneSummary>))]
[JsonSerializable(typeof(IReadOnlyList<HourlyCount>))]
[JsonSerializable(typeof(IReadOnlyList<HourlySales>))]
[JsonSerializable(typeof(ShopperZone))]
[JsonSerializable(typeof(List<ZoneOptions>))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext;
