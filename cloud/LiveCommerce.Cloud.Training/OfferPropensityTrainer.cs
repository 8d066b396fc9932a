using Microsoft.ML;

namespace LiveCommerce.Cloud.Training;

/// <summary>
/// Trains the offer-propensity classifier (mean-variance normalisation and SDCA logistic regression,
/// calibrated probabilities) on a data set split into training and held-out parts.
/// </summary>
public static class OfferPropensityTrainer
{
    /// <summary>The feature columns, in the order they are concatenated; also the ONNX model's input names.</summary>
    public static IReadOnlyList<string> FeatureColumns { get; } =
    [
        nameof(OfferExample.DwellSeconds),
        nameof(OfferExample.Visits),
        nameof(OfferExample.ZoneMatchesOnAir),
        nameof(OfferExample.MinutesIntoShow),
        nameof(OfferExample.PriorPurchases),
        nameof(OfferExample.DiscountPercent),
    ];

    /// <summary>Trains on all but <paramref name="testFraction"/> of <paramref name="examples"/> and evaluates on the rest.</summary>
    public static TrainedOfferModel Train(IReadOnlyList<OfferExample> examples, int seed, double testFraction = 0.2)
    {
        var context = new MLContext(seed);
        var testCount = (int)Math.Round(examples.Count * testFraction);
        var train = examples.Take(examples.Count - testCount).ToList();
        var test = examples.Skip(examples.Count - testCount).ToList();

        var pipeline = context.Transforms.Concatenate("Features", [.. FeatureColumns])
            .Append(context.Transforms.NormalizeMeanVariance("Features"))
            .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(OfferExample.Label), featureColumnName: "Features"));
        var model = pipeline.Fit(context.Data.LoadFromEnumerable(train));

        var metrics = context.BinaryClassification.Evaluate(model.Transform(context.Data.LoadFromEnumerable(test)), labelColumnName: nameof(OfferExample.Label));
        return new TrainedOfferModel(
            context,
            model,
            test,
            new OfferModelMetrics(metrics.AreaUnderRocCurve, metrics.Accuracy, metrics.LogLoss, train.Count, test.Count));
    }
}
