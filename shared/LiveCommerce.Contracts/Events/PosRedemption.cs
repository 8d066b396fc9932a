namespace LiveCommerce.Contracts;

/// <summary>
/// One attempt to redeem a coupon at a POS terminal, accepted or refused with its reason. Written by the
/// edge (never published by a device) to local topic <c>pos.redemptions</c>, CloudEvents type
/// <c>com.livecommerce.pos.redemption.v1</c>, keyed by <see cref="CouponId"/> (the terminal id when the
/// coupon could not be read).
/// </summary>
public sealed record PosRedemption
{
    public const string CloudEventType = "com.livecommerce.pos.redemption.v1";

    /// <summary>The store whose edge decided.</summary>
    public string StoreId { get; init; } = "";

    /// <summary>The POS terminal that asked (the authenticated device id).</summary>
    public string TerminalId { get; init; } = "";

    /// <summary>The receipt the coupon was presented with; empty when the request had none.</summary>
    public string ReceiptId { get; init; } = "";

    /// <summary>The coupon, when its payload could be read; null for a malformed code.</summary>
    public Guid? CouponId { get; init; }

    /// <summary>The store named in the coupon, when it could be read (differs from <see cref="StoreId"/> for <c>wrong-store</c>).</summary>
    public string? CouponStoreId { get; init; }

    /// <summary>The sku the coupon is for, when it could be read.</summary>
    public string? Sku { get; init; }

    /// <summary>Whether the discount was granted.</summary>
    public bool Accepted { get; init; }

    /// <summary><c>accepted</c>, or why not: <c>malformed</c>, <c>bad-signature</c>, <c>wrong-store</c>, <c>expired</c>, <c>wrong-sku</c>, <c>already-redeemed</c>.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The discount granted; null when refused.</summary>
    public int? DiscountPercent { get; init; }

    /// <summary>How the coupon was presented: <c>request</c> (MQTT redeem request) or <c>sale</c> (a sale's <c>couponCode</c>).</summary>
    public string Channel { get; init; } = "";

    /// <summary>When the edge decided.</summary>
    public DateTimeOffset Time { get; init; }
}
