namespace LiveCommerce.Edge.Offers;

/// <summary>Offers made and redeemed in this store.</summary>
public sealed record OfferSummary(long Issued, long Redeemed);
