namespace LiveCommerce.Cloud.Training;

/// <summary>What the trained pipeline predicts for one example.</summary>
public sealed class OfferPrediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
