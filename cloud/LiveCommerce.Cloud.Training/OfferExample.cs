namespace LiveCommerce.Cloud.Training;

/// <summary>
/// One shopper/offer situation of the offer-propensity data set. The property names are the model's
/// input names, which the edge's <c>OfferPropensityModel</c> feeds by name.
/// </summary>
public sealed class OfferExample
{
    /// <summary>Seconds the shopper has dwelt in the zone.</summary>
    public float DwellSeconds { get; set; }

    /// <summary>Visits of the shopper to the store in the last 90 days.</summary>
    public float Visits { get; set; }

    /// <summary>1 when the shopper's zone holds the product on air, else 0.</summary>
    public float ZoneMatchesOnAir { get; set; }

    /// <summary>Minutes since the live show started.</summary>
    public float MinutesIntoShow { get; set; }

    /// <summary>Purchases the shopper made before.</summary>
    public float PriorPurchases { get; set; }

    /// <summary>Discount of the offer, 0 to 100.</summary>
    public float DiscountPercent { get; set; }

    /// <summary>Whether the shopper accepted the offer.</summary>
    public bool Label { get; set; }
}
