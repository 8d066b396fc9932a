using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Stock;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// Decides whether a shopper gets an offer now. Rules first: the shopper opted in and stands in a zone that
/// carries a product that is on air (show, staff feature, flash deal) or in a campaign; the store has more
/// than the reserve in stock; the shopper has not had an offer for it lately. Then the offer-propensity model
/// scores each candidate (dwell, visits, zone match, minutes into the show, purchases, discount) and the best
/// one at or above <see cref="OffersOptions.MinScore"/> is offered. At most one offer per decision.
/// </summary>
public sealed class OfferEngine(OfferPropensityModel model, OffersOptions options, StockOptions stockOptions)
{
    private readonly TimeSpan _validity = TimeSpan.FromMinutes(options.ValidMinutes);

    public OfferDecision? Decide(
        ShopperPresence shopper,
        ShopperProfile? profile,
        ZoneOptions zone,
        IReadOnlyList<OnAirProduct> onAir,
        IReadOnlyDictionary<string, Product> products,
        StockBook stock,
        Func<string, bool> offeredLately,
        DateTimeOffset now)
    {
        if (profile is not { OptedIn: true } || onAir.Count == 0)
        {
            return null;
        }
        OfferDecision? best = null;
        foreach (var product in onAir)
        {
            if (!Carries(zone, product.Sku, products)
                || stock.QuantityOf(product.Sku) is not { } units || units <= stockOptions.OfferReserve
                || offeredLately(product.Sku))
            {
                continue;
            }
            var discount = product.DiscountPercent ?? options.OnAirDiscountPercent;
            var features = new OfferFeatures(
                DwellSeconds: (float)Math.Max(0, (now - shopper.Since).TotalSeconds),
                Visits: profile.Visits,
                ZoneMatchesOnAir: product.Source != StoreOffer.FromCampaign,
                MinutesIntoShow: (float)Math.Max(0, (now - product.Since).TotalMinutes),
                PriorPurchases: profile.Purchases,
                DiscountPercent: discount);
            var score = model.Score(features);
            if (score < options.MinScore || (best is not null && score <= best.Score))
            {
                continue;
            }
            var expires = now + _validity;
            if (product.Source == StoreOffer.FromFlashDeal && product.Until is { } end && end < expires)
            {
                expires = end;
            }
            best = new OfferDecision(product, zone.Id, discount, expires, score);
        }
        return best;
    }

    /// <summary>Whether the zone shows the sku: listed, or its product's category is.</summary>
    public static bool Carries(ZoneOptions zone, string sku, IReadOnlyDictionary<string, Product> products) =>
        zone.Skus.Contains(sku, StringComparer.Ordinal)
        || (products.TryGetValue(sku, out var product) && zone.Categories.Contains(product.Category, StringComparer.Ordinal));
}
