using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Coupons;

/// <summary>Issues coupons signed with the store's key and records them in the <c>coupons</c> table.</summary>
public sealed partial class CouponIssuer(
    CouponSigningKey key,
    CouponLedger ledger,
    IOptions<EdgeOptions> edgeOptions,
    IOptions<CouponsOptions> couponsOptions,
    TimeProvider time,
    ILogger<CouponIssuer> logger)
{
    public const int MinDiscountPercent = 1;
    public const int MaxDiscountPercent = 90;

    private readonly string _storeId = edgeOptions.Value.StoreId;
    private readonly TimeSpan _defaultValidity = TimeSpan.FromMinutes(couponsOptions.Value.DefaultValidityMinutes);

    /// <summary>A single-use coupon of <paramref name="discountPercent"/> (1–90) on <paramref name="sku"/> for a shopper, valid from now for <paramref name="validFor"/> (default <c>Coupons:DefaultValidityMinutes</c>).</summary>
    public IssuedCoupon Issue(string sku, int discountPercent, string shopperToken, TimeSpan? validFor = null, string? offerId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(shopperToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(discountPercent, MinDiscountPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(discountPercent, MaxDiscountPercent);
        var validity = validFor ?? _defaultValidity;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero, nameof(validFor));

        // Whole seconds: the payload stays short and its times read back exactly.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var coupon = Sign(Guid.CreateVersion7(now), sku, discountPercent, shopperToken, now, now + validity, offerId);
        ledger.RecordIssued(coupon);
        LogIssued(logger, coupon.Payload.CouponId, sku, discountPercent, coupon.Payload.ExpiresAt);
        return coupon;
    }

    /// <summary>
    /// The coupon of offer <paramref name="offerId"/>, not yet recorded: its id is derived from the offer id, so
    /// deciding the same offer again (a replay after a crash) gives the same coupon id, redeemable once.
    /// </summary>
    public IssuedCoupon ForOffer(string offerId, string sku, int discountPercent, string shopperToken, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(offerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(discountPercent, MinDiscountPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(discountPercent, MaxDiscountPercent);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(offerId));
        // RFC 9562 version 8 (custom): 122 bits of the hash with the version and variant bits set.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var id = new Guid(hash.AsSpan(0, 16), bigEndian: true);
        var issued = DateTimeOffset.FromUnixTimeSeconds(issuedAt.ToUnixTimeSeconds());
        return Sign(id, sku, discountPercent, shopperToken, issued, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()), offerId);
    }

    private IssuedCoupon Sign(Guid id, string sku, int discountPercent, string shopperToken, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? offerId)
    {
        var payload = new CouponPayload
        {
            CouponId = id,
            StoreId = _storeId,
            Sku = sku,
            DiscountPercent = discountPercent,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            ShopperToken = shopperToken,
            OfferId = offerId,
            MaxUses = 1,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, CouponsJsonContext.Default.CouponPayload);
        return new IssuedCoupon(CouponToken.Encode(json, key.Sign(json)), payload);
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Issued coupon {CouponId}: {DiscountPercent}% on {Sku} until {ExpiresAt}")]
    private static partial void LogIssued(ILogger logger, Guid couponId, string sku, int discountPercent, DateTimeOffset expiresAt);
}
