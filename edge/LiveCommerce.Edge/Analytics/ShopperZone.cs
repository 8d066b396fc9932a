namespace LiveCommerce.Edge.Analytics;

/// <summary>The zone a shopper token is in and since when.</summary>
public sealed record ShopperZone(string ShopperToken, string ZoneId, DateTimeOffset Since);
