namespace LiveCommerce.Edge.Offers;

/// <summary>An offer as the kiosk lists it.</summary>
public sealed record OfferRecord(
    string OfferId, string ShopperToken, string Sku, string ZoneId, string Source, int DiscountPercent,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, bool Redeemed);
