namespace LiveCommerce.Edge.Tests;

/// <summary>The edge's answer to a redeem request, as a POS reads it.</summary>
internal sealed record RedeemAnswer(bool Accepted, string Reason, int? DiscountPercent, Guid? CouponId);
