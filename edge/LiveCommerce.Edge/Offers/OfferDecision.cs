using LiveCommerce.Edge.Live;

namespace LiveCommerce.Edge.Offers;

/// <summary>The engine's choice for one shopper: which product, why, at what discount, until when, and the model's score.</summary>
public sealed record OfferDecision(OnAirProduct Product, string ZoneId, int DiscountPercent, DateTimeOffset ExpiresAt, float Score);
