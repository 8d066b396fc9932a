namespace LiveCommerce.Edge.Coupons;

/// <summary>A coupon as handed to the shopper: the token and what it says.</summary>
public sealed record IssuedCoupon(string Token, CouponPayload Payload);
