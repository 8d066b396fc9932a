namespace LiveCommerce.Cloud.Training;

/// <summary>The features alone (no label): the input schema the ONNX model is exported with.</summary>
public sealed class OfferScoringInput
{
    public float DwellSeconds { get; set; }

    public float Visits { get; set; }

    public float ZoneMatchesOnAir { get; set; }

    public float MinutesIntoShow { get; set; }

    public float PriorPurchases { get; set; }

    public float DiscountPercent { get; set; }

    public static OfferScoringInput From(OfferExample example) => new()
    {
        DwellSeconds = example.DwellSeconds,
        Visits = example.Visits,
        ZoneMatchesOnAir = example.ZoneMatchesOnAir,
        MinutesIntoShow = example.MinutesIntoShow,
        PriorPurchases = example.PriorPurchases,
        DiscountPercent = example.DiscountPercent,
    };
}
