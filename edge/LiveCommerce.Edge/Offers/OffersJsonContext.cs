using System.Text.Json.Serialization;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Stock;

namespace LiveCommerce.Edge.Offers;

/// <summary>JSON of the live, stock and offer endpoints and of the persisted staff actions: camelCase, nulls written as null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<StaffFeature>))]
[JsonSerializable(typeof(IReadOnlyList<FlashDeal>))]
[JsonSerializable(typeof(LiveView))]
[JsonSerializable(typeof(FeatureRequest))]
[JsonSerializable(typeof(FlashDealRequest))]
[JsonSerializable(typeof(StockCountRequest))]
[JsonSerializable(typeof(IReadOnlyList<StockView>))]
[JsonSerializable(typeof(IReadOnlyList<OfferRecord>))]
[JsonSerializable(typeof(OfferSummary))]
[JsonSerializable(typeof(OptInResponse))]
internal sealed partial class OffersJsonContext : JsonSerializerContext;
