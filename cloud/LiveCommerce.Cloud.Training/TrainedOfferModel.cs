using Microsoft.ML;

namespace LiveCommerce.Cloud.Training;

/// <summary>A trained offer-propensity pipeline, its held-out examples and metrics, exportable to ONNX.</summary>
public sealed class TrainedOfferModel
{
    private readonly MLContext _context;

    internal TrainedOfferModel(MLContext context, ITransformer model, IReadOnlyList<OfferExample> heldOut, OfferModelMetrics metrics)
    {
        _context = context;
        Model = model;
        HeldOut = heldOut;
        Metrics = metrics;
    }

    public ITransformer Model { get; }

    public IReadOnlyList<OfferExample> HeldOut { get; }

    public OfferModelMetrics Metrics { get; }

    /// <summary>ML.NET's own predictions for <paramref name="examples"/>, in order.</summary>
    public IReadOnlyList<OfferPrediction> Predict(IEnumerable<OfferExample> examples)
    {
        var input = _context.Data.LoadFromEnumerable(examples.Select(OfferScoringInput.From));
        return [.. _context.Data.CreateEnumerable<OfferPrediction>(Model.Transform(input), reuseRowObject: false)];
    }

    /// <summary>
    /// The model as ONNX bytes. It is exported against the features alone, so the label is not one of its
    /// inputs; each feature is a float input of shape [N, 1] and the probability is output <c>Probability.output</c>.
    /// </summary>
    public byte[] ToOnnx()
    {
        var schema = _context.Data.LoadFromEnumerable(Array.Empty<OfferScoringInput>());
        using var stream = new MemoryStream();
        _context.Model.ConvertToOnnx(Model, schema, stream);
        return stream.ToArray();
    }
}
