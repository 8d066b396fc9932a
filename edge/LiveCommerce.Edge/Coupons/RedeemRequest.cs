namespace LiveCommerce.Edge.Coupons;

/// <summary>A POS asks to redeem a coupon: payload of <c>lc/v1/{storeId}/{posId}/redeem</c>.</summary>
public sealed record RedeemRequest
{
    /// <summary>The coupon token.</summary>
    public string CouponCode { get; init; } = "";

    /// <summary>The sku the discount is applied to.</summary>
    public string Sku { get; init; } = "";

    /// <summary>The receipt being rung up; asking again for the same receipt gets the same answer.</summary>
    public string ReceiptId { get; init; } = "";

    /// <summary>Optional; when given it must be the device id of the POS.</summary>
    public string? TerminalId { get; init; }
}
