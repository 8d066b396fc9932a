using LiveCommerce.Edge.Offers;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Cloud.Training.Tests;

public sealed class OfferPropensityModelTests(TrainedModels trained) : IClassFixture<TrainedModels>
{
    private static readonly OfferFeatures s_eager = new(DwellSeconds: 420, Visits: 8, ZoneMatchesOnAir: true, MinutesIntoShow: 5, PriorPurchases: 5, DiscountPercent: 35);
    private static readonly OfferFeatures s_reluctant = new(DwellSeconds: 10, Visits: 0, ZoneMatchesOnAir: false, MinutesIntoShow: 85, PriorPurchases: 0, DiscountPercent: 5);

    [Fact]
    public void Shipped_model_scores_an_eager_shopper_above_a_reluctant_one()
    {
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());

        Assert.Equal(OfferPropensityModel.ShippedVersion, model.Version);
        var eager = model.Score(s_eager);
        var reluctant = model.Score(s_reluctant);
        Assert.True(eager > 0.9f, $"eager {eager}");
        Assert.True(reluctant < 0.1f, $"reluctant {reluctant}");
    }

    [Fact]
    public void Shipped_model_scores_are_probabilities()
    {
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());

        foreach (var example in OfferDataGenerator.Generate(500, seed: 99))
        {
            var score = model.Score(Features(example));
            Assert.InRange(score, 0f, 1f);
        }
    }

    [Fact]
    public void Onnx_runtime_agrees_with_mlnet_on_the_held_out_set()
    {
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());
        Assert.True(model.Replace(trained.Regular.ToOnnx(), "regular"));

        var heldOut = trained.Regular.HeldOut;
        var expected = trained.Regular.Predict(heldOut);
        Assert.Equal(heldOut.Count, expected.Count);
        var worst = 0.0;
        for (var i = 0; i < heldOut.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(model.Score(Features(heldOut[i])) - expected[i].Probability));
        }
        Assert.True(worst < 1e-4, $"largest difference {worst}");
        Assert.True(trained.Regular.Metrics.AreaUnderRocCurve > 0.8, $"AUC {trained.Regular.Metrics.AreaUnderRocCurve}");
    }

    [Fact]
    public void Replace_with_a_model_of_the_inverted_truth_reverses_the_ordering()
    {
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());
        Assert.True(model.Score(s_eager) > model.Score(s_reluctant));

        Assert.True(model.Replace(trained.Inverted.ToOnnx(), "inverted-1"));

        Assert.Equal("inverted-1", model.Version);
        Assert.True(model.Score(s_eager) < model.Score(s_reluctant), $"eager {model.Score(s_eager)}, reluctant {model.Score(s_reluctant)}");
    }

    [Fact]
    public void Replace_with_garbage_keeps_the_current_model_and_reports_it()
    {
        var logger = new RecordingLogger<OfferPropensityModel>();
        using var model = new OfferPropensityModel(logger);
        var before = model.Score(s_eager);

        Assert.False(model.Replace([0x08, 0x01, 0xde, 0xad, 0xbe, 0xef], "garbage"));
        Assert.False(model.Replace([], "empty"));

        Assert.Equal(OfferPropensityModel.ShippedVersion, model.Version);
        Assert.Equal(before, model.Score(s_eager));
        Assert.Equal(2, logger.Entries.Count(e => e.Event.Id == 6103 && e.Level == LogLevel.Warning && e.Exception is InvalidDataException));
    }

    [Fact]
    public async Task Scoring_while_models_are_replaced_never_throws()
    {
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());
        byte[][] candidates = [trained.Inverted.ToOnnx(), trained.Regular.ToOnnx(), [1, 2, 3]];
        using var stop = new CancellationTokenSource();
        var scored = 0L;

        var scorers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.InRange(model.Score(s_eager), 0f, 1f);
                Interlocked.Increment(ref scored);
            }
        })).ToArray();

        await Poll.UntilAsync(() => Interlocked.Read(ref scored) > 100, TimeSpan.FromSeconds(30), "scorers running");
        var accepted = 0;
        for (var round = 0; round < 30; round++)
        {
            if (model.Replace(candidates[round % candidates.Length], $"v{round}"))
            {
                accepted++;
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(scorers);

        Assert.Equal(20, accepted);
        Assert.Equal("v28", model.Version);
    }

    private static OfferFeatures Features(OfferExample example) => new(
        example.DwellSeconds,
        (int)example.Visits,
        example.ZoneMatchesOnAir > 0,
        example.MinutesIntoShow,
        (int)example.PriorPurchases,
        example.DiscountPercent);
}
