using LiveCommerce.Edge.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Coupons;

public static class CouponsServiceCollectionExtensions
{
    /// <summary>
    /// The store's coupon key, issuer, verifier and ledger; the <c>redeem</c> request of POS terminals and the
    /// redemption of a sale's <c>couponCode</c> in the gateway.
    /// </summary>
    public static IHostApplicationBuilder AddCoupons(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CouponsOptions>()
            .BindConfiguration(CouponsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CouponSigningKey>();
        builder.Services.AddSingleton<CouponLedger>();
        builder.Services.AddSingleton<CouponIssuer>();
        builder.Services.AddSingleton<CouponVerifier>();
        builder.Services.AddSingleton<CouponRedeemer>();
        builder.Services.AddSingleton<IDeviceRequestHandler, CouponRedeemRequestHandler>();
        builder.Services.AddSingleton<IIngestHook, SaleCouponRedeemer>();
        builder.Services.AddHostedService<CouponKeyInitializer>();
        return builder;
    }
}
