using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LiveCommerce.Edge.Coupons;

/// <summary><c>GET /coupons/public-key</c>: the store's coupon key as SPKI PEM, for POS terminals to verify coupons offline.</summary>
public static class CouponEndpoints
{
    public const string PemContentType = "application/x-pem-file";

    public static WebApplication MapCoupons(this WebApplication app)
    {
        app.MapGet("/coupons/public-key", (CouponSigningKey key) => Results.Text(key.PublicKeyPem, PemContentType));
        return app;
    }
}
