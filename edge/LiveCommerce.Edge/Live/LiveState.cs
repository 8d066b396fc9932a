using LiveCommerce.Contracts;
using LiveCommerce.Edge.Coupons;

namespace LiveCommerce.Edge.Live;

/// <summary>
/// What is live in the store (pure): the downlinked show schedule and campaigns, plus the staff's own actions
/// (feature a product now, flash deals with a countdown and a quantity limit, stop). Every answer is for a
/// given time, so replaying the same records gives the same answers.
/// </summary>
public sealed class LiveState
{
    /// <summary>How long ended staff actions are kept before they are forgotten.</summary>
    private static readonly TimeSpan s_keepEnded = TimeSpan.FromDays(1);

    private readonly List<StaffFeature> _features = [];
    private readonly List<FlashDeal> _deals = [];

    public IReadOnlyList<StaffFeature> Features => _features;

    public IReadOnlyList<FlashDeal> Deals => _deals;

    /// <summary>True when the staff state changed since the last call.</summary>
    public bool TakeChanged()
    {
        var changed = Changed;
        Changed = false;
        return changed;
    }

    private bool Changed { get; set; }

    /// <summary>Puts back persisted staff actions (at start).</summary>
    public void Restore(IEnumerable<StaffFeature> features, IEnumerable<FlashDeal> deals)
    {
        _features.AddRange(features);
        _deals.AddRange(deals);
    }

    /// <summary>Applies a feature, flash-deal or stop action (stock counts are not live state).</summary>
    public void Apply(StaffAction action)
    {
        var now = action.Time;
        _features.RemoveAll(f => now - f.Until > s_keepEnded);
        _deals.RemoveAll(d => now - d.EndsAt > s_keepEnded);
        switch (action.Kind)
        {
            case StaffAction.Feature when action is { Sku: { } sku, Minutes: > 0 and var minutes }:
                _features.Add(new StaffFeature(action.ActionId, sku, now, now.AddMinutes(minutes)));
                break;
            case StaffAction.FlashDeal when action is { Sku: { } sku, Minutes: > 0 and var minutes, DiscountPercent: >= CouponIssuer.MinDiscountPercent and <= CouponIssuer.MaxDiscountPercent and var discount, Quantity: > 0 and var quantity }:
                _deals.Add(new FlashDeal(action.ActionId, sku, discount, now, now.AddMinutes(minutes), quantity, 0));
                break;
            case StaffAction.Stop:
                for (var i = 0; i < _features.Count; i++)
                {
                    if (_features[i].Until > now)
                    {
                        _features[i] = _features[i] with { Until = now };
                    }
                }
                for (var i = 0; i < _deals.Count; i++)
                {
                    if (_deals[i].EndsAt > now)
                    {
                        _deals[i] = _deals[i] with { EndsAt = now };
                    }
                }
                break;
            default:
                return;
        }
        Changed = true;
    }

    /// <summary>Counts one more offer made under flash deal <paramref name="dealId"/>.</summary>
    public void CountIssued(string dealId)
    {
        var i = _deals.FindIndex(d => d.DealId == dealId);
        if (i >= 0)
        {
            _deals[i] = _deals[i] with { Issued = _deals[i].Issued + 1 };
            Changed = true;
        }
    }

    /// <summary>
    /// What can be offered at <paramref name="now"/>, best source first per sku: a flash deal, then a staff
    /// feature, then a show's featured product, then a campaign.
    /// </summary>
    public IReadOnlyList<OnAirProduct> OnAir(DateTimeOffset now, IReadOnlyList<LiveShow> shows, IReadOnlyList<Campaign> campaigns)
    {
        var products = new List<OnAirProduct>();
        foreach (var deal in _deals.Where(d => d.IsActive(now)))
        {
            products.Add(new OnAirProduct(deal.Sku, StoreOffer.FromFlashDeal, deal.DealId, deal.From, deal.EndsAt, deal.DiscountPercent));
        }
        foreach (var feature in _features.Where(f => f.From <= now && now < f.Until))
        {
            products.Add(new OnAirProduct(feature.Sku, StoreOffer.FromStaff, feature.ActionId, feature.From, feature.Until, null));
        }
        foreach (var show in shows.Where(s => s.Start <= now && now < s.End))
        {
            foreach (var featured in show.Featured.Where(f => f.From <= now && now < f.To))
            {
                products.Add(new OnAirProduct(featured.Sku, StoreOffer.FromShow, show.ShowId, show.Start, featured.To, null));
            }
        }
        // A campaign's discount must make a valid coupon (1 to 90 %); one that does not is not offered.
        foreach (var campaign in campaigns.Where(c => c.Start <= now && now < c.End
            && c.DiscountPercent >= CouponIssuer.MinDiscountPercent && c.DiscountPercent <= CouponIssuer.MaxDiscountPercent))
        {
            var discount = (int)Math.Round(campaign.DiscountPercent, MidpointRounding.AwayFromZero);
            foreach (var sku in campaign.Skus)
            {
                products.Add(new OnAirProduct(sku, StoreOffer.FromCampaign, campaign.CampaignId, campaign.Start, campaign.End, discount));
            }
        }
        return products.DistinctBy(p => p.Sku, StringComparer.Ordinal).ToList();
    }
}
