namespace LiveCommerce.Edge.Live;

/// <summary>
/// A product that can be offered now: on air in a show, featured by staff, in a flash deal or in a campaign
/// (<see cref="LiveCommerce.Contracts.StoreOffer"/> sources), with the discount it comes with, if any.
/// </summary>
public sealed record OnAirProduct(string Sku, string Source, string? SourceId, DateTimeOffset Since, DateTimeOffset? Until, int? DiscountPercent);
