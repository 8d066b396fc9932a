using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Offers;

/// <summary>The <c>Offers</c> configuration section: the offer engine's rules and the model updater.</summary>
public sealed class OffersOptions
{
    public const string Section = "Offers";

    /// <summary>How often the downlinked <c>models</c> cache is checked for a newer offer-propensity model.</summary>
    [Range(100, 3_600_000, ErrorMessage = "Offers:ModelPollMs must be between 100 and 3600000")]
    public int ModelPollMs { get; set; } = 5000;

    /// <summary>The least probability of acceptance (offer-propensity model) for an offer to be made.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Offers:MinScore must be between 0 and 1")]
    public double MinScore { get; set; } = 0.2;

    /// <summary>Discount of an offer for a product on air in a show or featured by staff (flash deals and campaigns bring their own).</summary>
    [Range(1, 90, ErrorMessage = "Offers:OnAirDiscountPercent must be between 1 and 90")]
    public int OnAirDiscountPercent { get; set; } = 10;

    /// <summary>How long an offer's coupon is valid (a flash deal's coupon ends with the deal at the latest).</summary>
    [Range(1, 1440, ErrorMessage = "Offers:ValidMinutes must be between 1 and 1440")]
    public int ValidMinutes { get; set; } = 15;

    /// <summary>How long a shopper who got an offer for a product gets no other offer for it.</summary>
    [Range(1, 720, ErrorMessage = "Offers:RepeatAfterHours must be between 1 and 720")]
    public int RepeatAfterHours { get; set; } = 12;

    /// <summary>Units one coupon covers.</summary>
    [Range(1, 100, ErrorMessage = "Offers:MaxQuantity must be between 1 and 100")]
    public int MaxQuantity { get; set; } = 1;
}
