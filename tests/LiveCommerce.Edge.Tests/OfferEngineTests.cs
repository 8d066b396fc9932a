using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.Stock;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class OfferEngineTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly ZoneOptions s_kitchen = new() { Id = "kitchen", Gateways = ["gw-1"], Categories = ["cookware"], Skus = ["sku-mug"] };
    private static readonly Dictionary<string, Product> s_products = new()
    {
        ["sku-pan"] = new Product { Sku = "sku-pan", Name = "Pan", Category = "cookware" },
        ["sku-hose"] = new Product { Sku = "sku-hose", Name = "Hose", Category = "garden" },
    };

    private readonly OfferPropensityModel _model = new(NullLogger<OfferPropensityModel>.Instance);

    [Fact]
    public void Staff_features_and_flash_deals_run_until_their_end_or_stop_and_a_deal_ends_at_its_quantity()
    {
        var live = new LiveState();
        live.Apply(Action(StaffAction.Feature, "sku-pan", s_now, minutes: 10));
        live.Apply(Action(StaffAction.FlashDeal, "sku-mug", s_now, minutes: 5, discount: 30, quantity: 1));
        var onAir = live.OnAir(s_now.AddMinutes(1), [], []);
        Assert.Equal([("sku-mug", StoreOffer.FromFlashDeal, (int?)30), ("sku-pan", StoreOffer.FromStaff, null)], onAir.Select(p => (p.Sku, p.Source, p.DiscountPercent)));
        Assert.Empty(live.OnAir(s_now.AddMinutes(10), [], []));

        live.CountIssued(live.Deals.Single().DealId);
        Assert.Equal(["sku-pan"], live.OnAir(s_now.AddMinutes(1), [], []).Select(p => p.Sku));

        var show = new LiveShow { ShowId = "show-1", Start = s_now, End = s_now.AddHours(1), Featured = [new FeaturedProduct { Sku = "sku-hose", From = s_now, To = s_now.AddMinutes(30) }] };
        live.Apply(Action(StaffAction.Stop, null, s_now.AddMinutes(2)));
        Assert.Equal([("sku-hose", StoreOffer.FromShow)], live.OnAir(s_now.AddMinutes(3), [show], []).Select(p => (p.Sku, p.Source)));
        Assert.Empty(live.OnAir(s_now.AddMinutes(31), [show], []));
    }

    [Fact]
    public void A_show_product_that_is_also_in_a_flash_deal_is_offered_with_the_deal()
    {
        var live = new LiveState();
        live.Apply(Action(StaffAction.FlashDeal, "sku-pan", s_now, minutes: 5, discount: 40, quantity: 10));
        var show = new LiveShow { ShowId = "show-1", Start = s_now, End = s_now.AddHours(1), Featured = [new FeaturedProduct { Sku = "sku-pan", From = s_now, To = s_now.AddHours(1) }] };
        var campaign = new Campaign { CampaignId = "c-1", Skus = ["sku-pan", "sku-mug"], DiscountPercent = 12.5m, Start = s_now, End = s_now.AddDays(1) };
        // A campaign or a flash deal whose discount would not make a valid coupon (1 to 90 %) is not offered.
        var tooDeep = new Campaign { CampaignId = "c-2", Skus = ["sku-hose"], DiscountPercent = 95, Start = s_now, End = s_now.AddDays(1) };
        live.Apply(Action(StaffAction.FlashDeal, "sku-lid", s_now, minutes: 5, discount: 95, quantity: 10));
        var onAir = live.OnAir(s_now.AddMinutes(1), [show], [campaign, tooDeep]);
        Assert.Equal([("sku-pan", StoreOffer.FromFlashDeal, (int?)40), ("sku-mug", StoreOffer.FromCampaign, 13)], onAir.Select(p => (p.Sku, p.Source, p.DiscountPercent)));
    }

    [Fact]
    public void Stock_raises_one_alert_when_it_falls_to_the_threshold_and_another_only_after_it_was_above_again()
    {
        var stock = new StockBook(lowStockThreshold: 3);
        var alerts = new List<StockAlert>();
        stock.Set("sku-pan", 5, s_now, alerts);
        stock.Sell("sku-pan", 1, s_now.AddSeconds(1), alerts);
        stock.Sell("sku-pan", 1, s_now.AddSeconds(2), alerts);
        stock.Sell("sku-pan", 1, s_now.AddSeconds(3), alerts);
        stock.Sell("sku-unknown", 1, s_now, alerts);
        Assert.Equal([("sku-pan", 3)], alerts.Select(a => (a.Sku, a.Quantity)));
        Assert.Null(stock.QuantityOf("sku-unknown"));
        stock.Set("sku-pan", 10, s_now.AddSeconds(4), alerts);
        stock.Sell("sku-pan", 8, s_now.AddSeconds(5), alerts);
        Assert.Equal([3, 2], alerts.Select(a => a.Quantity));
        Assert.Equal(["sku-pan", "sku-unknown"], stock.TakeChanged().Select(c => c.Ledger.Sku).Order());
    }

    [Fact]
    public void Stock_is_the_latest_level_minus_the_sales_after_it_whatever_order_they_are_read_in()
    {
        var sales = new[] { (Minutes: -2, Units: 1), (Minutes: 1, Units: 2), (Minutes: 3, Units: 4) };
        // A level of 50 taken at s_now (the sale before it is in the level), and an older level of 70 that must not win.
        var inOrder = new StockBook(0);
        var shuffled = new StockBook(0);
        inOrder.Set("sku-pan", 70, s_now.AddMinutes(-5), []);
        foreach (var (minutes, units) in sales.Take(1))
        {
            inOrder.Sell("sku-pan", units, s_now.AddMinutes(minutes), []);
        }
        inOrder.Set("sku-pan", 50, s_now, []);
        foreach (var (minutes, units) in sales.Skip(1))
        {
            inOrder.Sell("sku-pan", units, s_now.AddMinutes(minutes), []);
        }
        foreach (var (minutes, units) in sales.Reverse())
        {
            shuffled.Sell("sku-pan", units, s_now.AddMinutes(minutes), []);
        }
        Assert.Null(shuffled.QuantityOf("sku-pan"));
        shuffled.Set("sku-pan", 50, s_now, []);
        shuffled.Set("sku-pan", 70, s_now.AddMinutes(-5), []);
        Assert.Equal(44, inOrder.QuantityOf("sku-pan"));
        Assert.Equal(44, shuffled.QuantityOf("sku-pan"));
    }

    [Fact]
    public void The_engine_offers_an_on_air_product_of_the_zone_only_to_an_opted_in_shopper_with_stock_above_the_reserve()
    {
        var engine = new OfferEngine(_model, new OffersOptions { MinScore = 0.1, OnAirDiscountPercent = 20 }, new StockOptions { OfferReserve = 2 });
        var stock = new StockBook(5);
        stock.Set("sku-pan", 10, s_now, []);
        stock.Set("sku-mug", 2, s_now, []);
        stock.Set("sku-hose", 10, s_now, []);
        var shopper = new ShopperPresence { Zone = "kitchen", Since = s_now.AddSeconds(-90), LastHeard = s_now };
        var profile = new ShopperProfile("alice", true, "hash", 3, 1);
        IReadOnlyList<OnAirProduct> onAir = [Show("sku-pan"), Show("sku-mug"), Show("sku-hose")];

        var decision = engine.Decide(shopper, profile, s_kitchen, onAir, s_products, stock, _ => false, s_now);
        Assert.Equal(("sku-pan", 20), (decision?.Product.Sku, decision?.DiscountPercent));
        Assert.Equal(s_now.AddMinutes(15), decision!.ExpiresAt);

        Assert.Null(engine.Decide(shopper, profile with { OptedIn = false }, s_kitchen, onAir, s_products, stock, _ => false, s_now));
        Assert.Null(engine.Decide(shopper, null, s_kitchen, onAir, s_products, stock, _ => false, s_now));
        Assert.Null(engine.Decide(shopper, profile, s_kitchen, onAir, s_products, stock, sku => sku == "sku-pan", s_now));
        stock.Set("sku-mug", 3, s_now, []);
        Assert.Equal("sku-mug", engine.Decide(shopper, profile, s_kitchen, onAir, s_products, stock, sku => sku == "sku-pan", s_now)?.Product.Sku);
        var picky = new OfferEngine(_model, new OffersOptions { MinScore = 0.999 }, new StockOptions { OfferReserve = 2 });
        Assert.Null(picky.Decide(shopper, profile, s_kitchen, onAir, s_products, stock, _ => false, s_now));
    }

    [Fact]
    public void The_model_prefers_the_offer_a_shopper_is_likelier_to_accept_and_a_flash_deal_coupon_ends_with_the_deal()
    {
        var engine = new OfferEngine(_model, new OffersOptions { MinScore = 0.0, OnAirDiscountPercent = 5 }, new StockOptions { OfferReserve = 0 });
        var stock = new StockBook(0);
        stock.Set("sku-pan", 10, s_now, []);
        stock.Set("sku-mug", 10, s_now, []);
        var shopper = new ShopperPresence { Zone = "kitchen", Since = s_now.AddSeconds(-30), LastHeard = s_now };
        var profile = new ShopperProfile("bob", true, "hash", 1, 0);
        var deal = new OnAirProduct("sku-mug", StoreOffer.FromFlashDeal, "deal-1", s_now.AddMinutes(-1), s_now.AddMinutes(4), 40);

        var decision = engine.Decide(shopper, profile, s_kitchen, [Show("sku-pan"), deal], s_products, stock, _ => false, s_now);
        Assert.Equal(("sku-mug", 40, s_now.AddMinutes(4)), (decision?.Product.Sku, decision?.DiscountPercent, decision?.ExpiresAt));
        var panOnly = engine.Decide(shopper, profile, s_kitchen, [Show("sku-pan")], s_products, stock, _ => false, s_now);
        Assert.True(decision!.Score > panOnly!.Score, $"a 40% deal scores {decision.Score}, a 5% one {panOnly.Score}");
    }

    public void Dispose() => _model.Dispose();

    private static OnAirProduct Show(string sku) => new(sku, StoreOffer.FromShow, "show-1", s_now.AddMinutes(-5), s_now.AddHours(1), null);

    private static StaffAction Action(string kind, string? sku, DateTimeOffset time, int? minutes = null, int? discount = null, int? quantity = null) =>
        new() { ActionId = $"{kind}-{time.ToUnixTimeMilliseconds()}", Kind = kind, Sku = sku, Minutes = minutes, DiscountPercent = discount, Quantity = quantity, StaffUser = "manager", Time = time };
}
