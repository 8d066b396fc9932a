using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Coupons;

/// <summary>The <c>Coupons</c> configuration section.</summary>
public sealed class CouponsOptions
{
    public const string Section = "Coupons";

    /// <summary>
    /// File of the store's ECDSA P-256 signing key (PKCS#8 DER, mode 600), created on first start.
    /// Empty: <c>coupon-signing-key-{storeId}.p8</c> in <c>Edge:DataDirectory</c>.
    /// </summary>
    public string KeyPath { get; set; } = "";

    /// <summary>How long a coupon is valid when the issuer does not say.</summary>
    [Range(1, 525_600, ErrorMessage = "Coupons:DefaultValidityMinutes must be between 1 and 525600 (one year)")]
    public int DefaultValidityMinutes { get; set; } = 1440;
}
