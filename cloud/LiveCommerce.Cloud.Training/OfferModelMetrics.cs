namespace LiveCommerce.Cloud.Training;

/// <summary>How a trained model did on the held-out examples.</summary>
public sealed record OfferModelMetrics(double AreaUnderRocCurve, double Accuracy, double LogLoss, int TrainCount, int TestCount);
