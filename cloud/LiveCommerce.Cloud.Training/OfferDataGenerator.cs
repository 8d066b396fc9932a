using System.Diagnostics.CodeAnalysis;

namespace LiveCommerce.Cloud.Training;

/// <summary>
/// Makes a synthetic offer-propensity data set from a known logistic ground truth with noise, so that
/// a model trained on it can be checked against what it should have learnt.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Synthetic data must be reproducible from a seed.")]
public static class OfferDataGenerator
{
    /// <summary>
    /// The ground truth's log-odds of acceptance (without noise). Long dwell, many visits, standing in the
    /// zone of the product on air, prior purchases and a deep discount raise it; late in the show lowers it.
    /// </summary>
    public static double LogOdds(OfferExample example, bool inverted = false)
    {
        var centred =
            (0.008 * (example.DwellSeconds - 150))
            + (0.25 * (example.Visits - 3))
            + (1.6 * (example.ZoneMatchesOnAir - 0.5))
            - (0.03 * (example.MinutesIntoShow - 45))
            + (0.4 * (example.PriorPurchases - 2))
            + (0.07 * (example.DiscountPercent - 20));
        return inverted ? -centred : centred;
    }

    /// <summary>
    /// <paramref name="count"/> examples drawn with <paramref name="seed"/>; with <paramref name="inverted"/>
    /// the ground truth's coefficients change sign (a deliberately different model for tests).
    /// </summary>
    public static IReadOnlyList<OfferExample> Generate(int count, int seed, bool inverted = false)
    {
        var random = new Random(seed);
        var examples = new List<OfferExample>(count);
        for (var i = 0; i < count; i++)
        {
            var example = new OfferExample
            {
                DwellSeconds = (float)Math.Round(-Math.Log(1 - random.NextDouble()) * 150),
                Visits = random.Next(0, 11),
                ZoneMatchesOnAir = random.NextDouble() < 0.4 ? 1 : 0,
                MinutesIntoShow = random.Next(0, 91),
                PriorPurchases = random.Next(0, 7),
                DiscountPercent = 5 * random.Next(0, 9),
            };
            var noise = Gaussian(random) * 0.5;
            var probability = 1 / (1 + Math.Exp(-(LogOdds(example, inverted) + noise)));
            example.Label = random.NextDouble() < probability;
            examples.Add(example);
        }
        return examples;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
