namespace LiveCommerce.Edge.Offers;

/// <summary>
/// What the store keeps about a shopper who opted in: the hash of the key the phone signs in with, and the
/// counts the offer-propensity model looks at. Nothing is kept about shoppers who did not opt in.
/// </summary>
public sealed record ShopperProfile(string Token, bool OptedIn, string? KeyHash, int Visits, int Purchases);
