using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// Checks a coupon token, in this order: <c>malformed</c> (not two canonical base64url parts, a signature
/// that is not 64 bytes), <c>bad-signature</c> (the payload is authenticated before it is read, so a
/// tampered or foreign token is never parsed), <c>malformed</c> (signed, but not a coupon), <c>wrong-store</c>,
/// <c>expired</c>, <c>wrong-sku</c> and, with the ledger, <c>already-redeemed</c>.
/// </summary>
public sealed class CouponVerifier(CouponSigningKey key, CouponLedger ledger, IOptions<EdgeOptions> edgeOptions, TimeProvider time)
{
    private const int P1363SignatureBytes = 64;
    private readonly string _storeId = edgeOptions.Value.StoreId;

    /// <summary>Every check, the ledger included, without redeeming: may the coupon be used on a sale of <paramref name="skus"/> now?</summary>
    public CouponVerification Verify(string? token, IReadOnlyCollection<string> skus)
    {
        var verification = Check(token, skus);
        return verification.IsAccepted && ledger.TryFindRedemption(verification.Coupon!.CouponId, out _, out _)
            ? verification with { Reason = CouponReasons.AlreadyRedeemed }
            : verification;
    }

    /// <summary>Every check but the ledger.</summary>
    public CouponVerification Check(string? token, IReadOnlyCollection<string> skus)
    {
        if (!CouponToken.TryDecode(token, out var payload, out var signature) || signature.Length != P1363SignatureBytes)
        {
            return new(CouponReasons.Malformed, null);
        }
        if (!key.Verify(payload, signature))
        {
            return new(CouponReasons.BadSignature, null);
        }
        CouponPayload? coupon;
        try
        {
            coupon = JsonSerializer.Deserialize(payload, CouponsJsonContext.Default.CouponPayload);
        }
        catch (JsonException)
        {
            return new(CouponReasons.Malformed, null);
        }
        if (coupon is null || coupon.CouponId == Guid.Empty || coupon.StoreId.Length == 0 || coupon.Sku.Length == 0)
        {
            return new(CouponReasons.Malformed, null);
        }
        if (coupon.StoreId != _storeId)
        {
            return new(CouponReasons.WrongStore, coupon);
        }
        if (time.GetUtcNow() >= coupon.ExpiresAt)
        {
            return new(CouponReasons.Expired, coupon);
        }
        if (!skus.Contains(coupon.Sku, StringComparer.Ordinal))
        {
            return new(CouponReasons.WrongSku, coupon);
        }
        return new(CouponReasons.Accepted, coupon);
    }
}
