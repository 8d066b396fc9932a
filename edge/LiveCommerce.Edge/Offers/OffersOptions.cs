using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Offers;

/// <summary>The <c>Offers</c> configuration section.</summary>
public sealed class OffersOptions
{
    public const string Section = "Offers";

    /// <summary>How often the downlinked <c>models</c> cache is checked for a newer offer-propensity model.</summary>
    [Range(100, 3_600_000, ErrorMessage = "Offers:ModelPollMs must be between 100 and 3600000")]
    public int ModelPollMs { get; set; } = 5000;
}
