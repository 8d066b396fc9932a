namespace LiveCommerce.Edge.Coupons;

/// <summary>The outcome of checking a coupon: <see cref="CouponReasons"/> and the payload when it could be read.</summary>
public sealed record CouponVerification(string Reason, CouponPayload? Coupon)
{
    public bool IsAccepted => Reason == CouponReasons.Accepted;
}
