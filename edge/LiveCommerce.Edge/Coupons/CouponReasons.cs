namespace LiveCommerce.Edge.Coupons;

/// <summary>The outcome of a coupon check: <see cref="Accepted"/> or why the coupon was refused.</summary>
public static class CouponReasons
{
    public const string Accepted = "accepted";

    /// <summary>Not two base64url parts, or the payload is not a coupon (bad JSON, missing fields).</summary>
    public const string Malformed = "malformed";

    /// <summary>The signature does not match the payload under this store's key (tampered, or another store's key).</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>Signed by this store's key for another store id.</summary>
    public const string WrongStore = "wrong-store";

    public const string Expired = "expired";

    /// <summary>The sku of the request (or none of the sale's lines) is the coupon's sku.</summary>
    public const string WrongSku = "wrong-sku";

    /// <summary>The store ledger already holds a redemption of the coupon for another receipt.</summary>
    public const string AlreadyRedeemed = "already-redeemed";
}
