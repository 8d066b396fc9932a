namespace LiveCommerce.Contracts;

/// <summary>
/// A time-limited offer the edge made to a shopper, with its signed coupon. Local topic <c>store.offers</c>
/// (critical class), CloudEvents type <c>com.livecommerce.store.offer.v1</c>, keyed by the shopper token;
/// the same JSON goes to the shopper's phone on <c>lc/v1/{storeId}/shoppers/{token}/offers</c>.
/// </summary>
public sealed record StoreOffer
{
    public const string CloudEventType = "com.livecommerce.store.offer.v1";
    public const string FromShow = "show";
    public const string FromStaff = "staff";
    public const string FromFlashDeal = "flash-deal";
    public const string FromCampaign = "campaign";

    /// <summary>Derived from the store, shopper, sku and the triggering sighting: the same decision has the same id.</summary>
    public string OfferId { get; init; } = "";

    public string StoreId { get; init; } = "";

    public string ShopperToken { get; init; } = "";

    public string Sku { get; init; } = "";

    /// <summary>The product's name from the catalog, when known.</summary>
    public string? ProductName { get; init; }

    /// <summary>The zone the shopper stood in.</summary>
    public string ZoneId { get; init; } = "";

    /// <summary>Why the product is offered: <see cref="FromShow"/>, <see cref="FromStaff"/>, <see cref="FromFlashDeal"/> or <see cref="FromCampaign"/>.</summary>
    public string Source { get; init; } = "";

    /// <summary>The show, flash deal or campaign id behind the offer, if any.</summary>
    public string? SourceId { get; init; }

    public int DiscountPercent { get; init; }

    /// <summary>Units the coupon covers.</summary>
    public int MaxQuantity { get; init; } = 1;

    /// <summary>The model's probability that the shopper accepts.</summary>
    public double Score { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The coupon id (the ledger's key).</summary>
    public Guid CouponId { get; init; }

    /// <summary>The signed coupon token the POS verifies offline.</summary>
    public string Coupon { get; init; } = "";

    /// <summary>The sighting (ce_id) that triggered the offer; the latency of delivery is measured from it.</summary>
    public string TriggerId { get; init; } = "";
}
