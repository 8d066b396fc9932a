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
        var payload = new CouponPayload
        {
            CouponId = Guid.CreateVersion7(now),
            StoreId = _storeId,
            Sku = sku,
            DiscountPercent = discountPercent,
            IssuedAt = now,
            ExpiresAt = now + validity,
            ShopperToken = shopperToken,
            OfferId = offerId,
            MaxUses = 1,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, CouponsJsonContext.Default.CouponPayload);
        var coupon = new IssuedCoupon(CouponToken.Encode(json, key.Sign(json)), payload);
        ledger.RecordIssued(coupon);
        LogIssued(logger, payload.CouponId, sku, discountPercent, payload.ExpiresAt);
        return coupon;
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Issued coupon {CouponId}: {DiscountPercent}% on {Sku} until {ExpiresAt}")]
    private static partial void LogIssued(ILogger logger, Guid couponId, string sku, int discountPercent, DateTimeOffset expiresAt);
}
