namespace LiveCommerce.Cloud.Training.Tests;

/// <summary>Models trained once for the test class: one on the ground truth, one on its inverse.</summary>
public sealed class TrainedModels
{
    public TrainedModels()
    {
        Regular = OfferPropensityTrainer.Train(OfferDataGenerator.Generate(6_000, seed: 7), seed: 7);
        Inverted = OfferPropensityTrainer.Train(OfferDataGenerator.Generate(6_000, seed: 8, inverted: true), seed: 8);
    }

    public TrainedOfferModel Regular { get; }

    public TrainedOfferModel Inverted { get; }
}
