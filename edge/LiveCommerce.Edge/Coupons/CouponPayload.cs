namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// What a coupon says, signed by the store: the first part of the token, <c>base64url(JSON)</c> in camelCase.
/// </summary>
public sealed record CouponPayload
{
    /// <summary>A version 7 GUID (a coupon issued on its own) or a version 8 one derived from its offer id; the key of the ledger and of the <c>pos.redemptions</c> events.</summary>
    public Guid CouponId { get; init; }

    public string StoreId { get; init; } = "";

    public string Sku { get; init; } = "";

    /// <summary>1 to 90.</summary>
    public int DiscountPercent { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The shopper's pseudonymous token.</summary>
    public string ShopperToken { get; init; } = "";

    /// <summary>The offer the coupon came from, if any.</summary>
    public string? OfferId { get; init; }

    /// <summary>Always 1: a coupon is redeemed once.</summary>
    public int MaxUses { get; init; } = 1;
}
