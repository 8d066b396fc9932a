namespace LiveCommerce.Edge.Offers;

/// <summary>What the offer-propensity model looks at for one shopper and one offer.</summary>
/// <param name="DwellSeconds">Seconds the shopper has dwelt in the zone.</param>
/// <param name="Visits">Visits of the shopper to the store in the last 90 days.</param>
/// <param name="ZoneMatchesOnAir">Whether the shopper's zone holds the product on air.</param>
/// <param name="MinutesIntoShow">Minutes since the live show started.</param>
/// <param name="PriorPurchases">Purchases the shopper made before.</param>
/// <param name="DiscountPercent">Discount of the offer, 0 to 100.</param>
public readonly record struct OfferFeatures(
    float DwellSeconds,
    int Visits,
    bool ZoneMatchesOnAir,
    float MinutesIntoShow,
    int PriorPurchases,
    float DiscountPercent)
{
    /// <summary>The value of the model input called <paramref name="name"/>, if it is one of these features.</summary>
    internal bool TryGet(string name, out float value)
    {
        value = name switch
        {
            nameof(DwellSeconds) => DwellSeconds,
            nameof(Visits) => Visits,
            nameof(ZoneMatchesOnAir) => ZoneMatchesOnAir ? 1 : 0,
            nameof(MinutesIntoShow) => MinutesIntoShow,
            nameof(PriorPurchases) => PriorPurchases,
            nameof(DiscountPercent) => DiscountPercent,
            _ => float.NaN,
        };
        return !float.IsNaN(value);
    }
}
