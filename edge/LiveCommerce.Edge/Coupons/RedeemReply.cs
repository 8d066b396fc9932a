namespace LiveCommerce.Edge.Coupons;

/// <summary>The edge's answer to a <see cref="RedeemRequest"/>.</summary>
public sealed record RedeemReply
{
    public bool Accepted { get; init; }

    /// <summary>One of <see cref="CouponReasons"/>.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The discount to apply; null when refused.</summary>
    public int? DiscountPercent { get; init; }

    /// <summary>The coupon, when its payload could be read.</summary>
    public Guid? CouponId { get; init; }
}
