namespace LiveCommerce.Contracts;

/// <summary>
/// A shopper opted in to offers in this store, or out. Written by the edge to local topic
/// <c>shopper.consents</c>, CloudEvents type <c>com.livecommerce.shopper.consent.v1</c>, keyed by
/// <see cref="ShopperToken"/>. Only the SHA-256 of the shopper's key is kept, never the key.
/// </summary>
public sealed record ShopperConsent
{
    public const string CloudEventType = "com.livecommerce.shopper.consent.v1";

    /// <summary>The shopper's pseudonymous token (what the phone broadcasts to the beacon gateways).</summary>
    public string ShopperToken { get; init; } = "";

    public bool OptedIn { get; init; }

    /// <summary>Lower-case hex SHA-256 of the key the phone authenticates with; null on opting out.</summary>
    public string? KeyHash { get; init; }

    public DateTimeOffset Time { get; init; }
}
