namespace LiveCommerce.Edge.Live;

/// <summary>Body of <c>POST /live/flash-deal</c>.</summary>
public sealed record FlashDealRequest(string? Sku, int? DiscountPercent, int? Minutes, int? Quantity);
