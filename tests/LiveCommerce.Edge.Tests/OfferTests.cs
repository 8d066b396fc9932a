using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka.Embedded;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class OfferTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_on_air_product_gives_one_offer_to_an_opted_in_shopper_in_its_zone_and_none_elsewhere_with_the_cloud_down()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(Topics.DownlinkSourcesFor(EdgeUnderTest.StoreId), StoreFloor.Settings);
        await using var floor = await OfflineFloorAsync(edge);

        var alice = await floor.OptInAsync("alice");
        var carol = await floor.OptInAsync("carol");
        await floor.PhoneAsync(alice, overWebSockets: true);
        var carolsPhone = await floor.PhoneAsync(carol);
        var peek = await carolsPhone.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(alice.OffersTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, peek.Items.Single().ResultCode);

        // Alice and Bob (not opted in) stand in the kitchen, which carries the pan on air; Carol in the garden.
        for (var round = 0; round < 15; round++)
        {
            await floor.SightAsync(StoreFloor.Kitchen, "alice", -55);
            await floor.SightAsync(StoreFloor.Kitchen, "bob", -55);
            await floor.SightAsync(StoreFloor.Garden, "carol", -50);
            await floor.SightAsync(StoreFloor.Kitchen, "carol", -88);
        }
        await Poll.UntilAsync(() => floor.Applied(Topics.BeaconSightings) == floor.SightingsPublished, s_timeout, "every sighting to be applied");
        await Poll.UntilAsync(() => !floor.Received.GetValueOrDefault("alice", new()).IsEmpty, s_timeout, "Alice's phone to get an offer");

        var offer = Assert.Single(floor.Received["alice"]);
        Assert.Equal(("sku-pan", "kitchen", StoreOffer.FromShow, "show-1", 20), (offer.Sku, offer.ZoneId, offer.Source, offer.SourceId, offer.DiscountPercent));
        Assert.Equal("Cast-iron pan", offer.ProductName);
        Assert.InRange(offer.ExpiresAt - offer.IssuedAt, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.True(floor.Received.GetValueOrDefault("carol", new()).IsEmpty, "Carol is in the garden, which carries nothing on air");
        var recorded = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.StoreOffers);
        Assert.Equal([offer.OfferId], recorded.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct());
        Assert.Equal("alice", recorded[0].Message.Key);
        var recent = await floor.GetJsonAsync("/offers/recent");
        Assert.Equal("alice", Assert.Single(recent.EnumerateArray()).GetProperty("shopperToken").GetString());
        output.WriteLine($"offer {offer.OfferId}: score {offer.Score}, coupon {offer.Coupon.Length} chars");

        // The POS takes the coupon with the sale, offline: redeemed once, the stock goes down by what was sold.
        using var pos = await edge.ConnectAsync("pos-01");
        var sale = $$"""{"storeId":"{{EdgeUnderTest.StoreId}}","terminalId":"pos-01","receiptId":"r-1","sequence":1,"lines":[{"sku":"sku-pan","quantity":1,"unitPrice":39.90}],"total":39.90,"currency":"EUR","payment":"card","couponCode":"{{offer.Coupon}}","time":"{{Samples.Now}}"}""";
        var published = await pos.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(EdgeUnderTest.Topic("pos-01", "sale")).WithPayload(sale).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(published.IsSuccess, published.ReasonString);
        await Poll.UntilAsync(async () => (await floor.GetJsonAsync("/offers/summary")).GetProperty("redeemed").GetInt64() == 1, s_timeout, "the offer to show as redeemed");
        // The redemption and the sale are on different topics: each is applied in its own time.
        await Poll.UntilAsync(() => floor.Applied(Topics.PosSales) == 1, s_timeout, "the sale to be applied");
        var stock = (await floor.GetJsonAsync("/stock")).EnumerateArray().ToDictionary(s => s.GetProperty("sku").GetString()!, s => s.GetProperty("quantity").GetInt32());
        Assert.Equal(9, stock["sku-pan"]);
        Assert.Equal(2, stock["sku-mug"]);
        var metrics = await floor.Http.GetStringAsync("/metrics");
        Assert.Contains("lc_offers_issued_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("lc_offers_redeemed_total 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_offer_is_made_when_stock_is_at_the_reserve_and_a_flash_deal_stops_at_its_quantity_limit()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(Topics.DownlinkSourcesFor(EdgeUnderTest.StoreId), StoreFloor.Settings);
        await using var floor = await OfflineFloorAsync(edge);

        // Every shopper already had the pan: only the mug, at its reserve of 2, is on air for them.
        var shoppers = new[] { "dan", "eve", "fay" };
        foreach (var token in shoppers)
        {
            await floor.PhoneAsync(await floor.OptInAsync(token));
        }
        for (var round = 0; round < 5; round++)
        {
            foreach (var token in shoppers)
            {
                await floor.SightAsync(StoreFloor.Kitchen, token, -55);
            }
        }
        await Poll.UntilAsync(() => floor.Applied(Topics.BeaconSightings) == floor.SightingsPublished, s_timeout, "every sighting to be applied");
        await Poll.UntilAsync(() => floor.Received.Values.Sum(q => q.Count) == shoppers.Length, s_timeout, "a pan offer for every shopper");
        var pans = floor.Received.Values.SelectMany(q => q).ToList();
        Assert.All(pans, o => Assert.Equal("sku-pan", o.Sku));
        Assert.Equal(shoppers.Length, pans.Count);

        // Staff count 6 mugs and start a flash deal for at most 2 offers: two of the three shoppers get one.
        await PostAsync(floor, "/stock/sku-mug/count", new { quantity = 6 });
        await PostAsync(floor, "/live/flash-deal", new { sku = "sku-mug", discountPercent = 30, minutes = 5, quantity = 2 });
        for (var round = 0; round < 5; round++)
        {
            foreach (var token in shoppers)
            {
                await floor.SightAsync(StoreFloor.Kitchen, token, -55);
            }
        }
        await Poll.UntilAsync(() => floor.Applied(Topics.BeaconSightings) == floor.SightingsPublished, s_timeout, "every sighting to be applied");
        await Poll.UntilAsync(() => floor.Received.Values.Sum(q => q.Count) == shoppers.Length * 2, s_timeout, "a mug offer for every shopper");
        var mugs = floor.Received.Values.SelectMany(q => q).Where(o => o.Sku == "sku-mug").ToList();
        Assert.Equal(shoppers, mugs.Select(o => o.ShopperToken).Order());
        // The flash deal's two offers went first; the third shopper got the show's offer once the deal was used up.
        Assert.Equal(2, mugs.Count(o => (o.Source, o.DiscountPercent) == (StoreOffer.FromFlashDeal, 30)));
        Assert.Equal(1, mugs.Count(o => (o.Source, o.DiscountPercent) == (StoreOffer.FromShow, 20)));
        var live = await floor.GetJsonAsync("/live");
        var deal = Assert.Single(live.GetProperty("flashDeals").EnumerateArray());
        Assert.Equal(2, deal.GetProperty("issued").GetInt32());
        Assert.DoesNotContain(live.GetProperty("onAir").EnumerateArray(), p => p.GetProperty("source").GetString() == StoreOffer.FromFlashDeal);

        // Stop ends the store's own actions; the show's products stay on air.
        await PostAsync(floor, "/live/stop", new { });
        var after = await floor.GetJsonAsync("/live");
        Assert.All(after.GetProperty("onAir").EnumerateArray(), p => Assert.Equal(StoreOffer.FromShow, p.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Sales_and_counts_keep_stock_and_a_product_falling_to_the_threshold_raises_one_alert()
    {
        await using var edge = await EdgeUnderTest.StartAsync([.. StoreFloor.Settings, ("Stock:LowStockThreshold", "3")]);
        await using var floor = await StoreFloor.ConnectAsync(edge);
        await PostAsync(floor, "/stock/sku-1/count", new { quantity = 8 });
        using var pos = await edge.ConnectAsync("pos-01");
        for (var i = 1; i <= 3; i++)
        {
            var result = await pos.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(EdgeUnderTest.Topic("pos-01", "sale")).WithPayload(Samples.Sale("pos-01", i)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, result.ReasonString);
        }
        await Poll.UntilAsync(() => floor.Applied(Topics.PosSales) == 3, s_timeout, "the sales to be applied");
        var item = Assert.Single((await floor.GetJsonAsync("/stock")).EnumerateArray());
        Assert.Equal(("sku-1", 2, true), (item.GetProperty("sku").GetString(), item.GetProperty("quantity").GetInt32(), item.GetProperty("lowStock").GetBoolean()));
        var alerts = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.StoreStockAlerts);
        var alert = JsonSerializer.Deserialize(Assert.Single(alerts).Message.Value, ContractsJsonContext.Default.StockAlert)!;
        Assert.Equal(("sku-1", 2, 3), (alert.Sku, alert.Quantity, alert.Threshold));

        using var bad = await floor.Http.PostAsJsonAsync("/stock/sku-1/count", new { quantity = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("quantity must be 0 to", await bad.Content.ReadAsStringAsync());
        using var notJson = await floor.Http.PostAsync("/live/feature", new StringContent("sku=x"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        using var refused = await anonymous.PostAsJsonAsync("/stock/sku-1/count", new { quantity = 100 });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var staffAction = JsonSerializer.Deserialize(Assert.Single(KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.StoreStaffActions)).Message.Value, ContractsJsonContext.Default.StaffAction)!;
        Assert.Equal((StaffAction.StockCount, "sku-1", 8, StoreFloor.StaffUser), (staffAction.Kind, staffAction.Sku, staffAction.Quantity, staffAction.StaffUser));
    }

    [Fact]
    public async Task A_phone_needs_its_key_and_a_taken_token_cannot_be_opted_in_by_someone_else()
    {
        await using var edge = await EdgeUnderTest.StartAsync(StoreFloor.Settings);
        await using var floor = await StoreFloor.ConnectAsync(edge);
        var alice = await floor.OptInAsync("alice");
        using (var again = await floor.Http.PostAsync("/shoppers/alice/opt-in", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        }
        using var phone = new MqttClientFactory().CreateMqttClient();
        var refused = await phone.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", edge.MqttPort).WithClientId("thief")
            .WithCredentials(alice.MqttUserName, "not-the-key").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);
        // With the right key but a device's client id: refused, so a phone cannot take over the terminal's session.
        using var impostor = new MqttClientFactory().CreateMqttClient();
        var asTerminal = await impostor.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", edge.MqttPort).WithClientId("pos-01")
            .WithCredentials(alice.MqttUserName, alice.Key).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, asTerminal.ResultCode);
        using var bad = await floor.Http.PostAsync("/shoppers/a%20b/opt-in", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Opting out ends the phone's session: it no longer gets offers, even though it signed in before.
        var connectedPhone = await floor.PhoneAsync(alice);
        using var optOut = new HttpRequestMessage(HttpMethod.Post, "/shoppers/alice/opt-out");
        optOut.Headers.Authorization = new("Bearer", alice.Key);
        using (var response = await floor.Http.SendAsync(optOut))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await Poll.UntilAsync(() => !connectedPhone.IsConnected, s_timeout, "the opted-out phone to be disconnected");
        var afterOptOut = await phone.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", edge.MqttPort).WithClientId(alice.MqttUserName)
            .WithCredentials(alice.MqttUserName, alice.Key).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, afterOptOut.ResultCode);
    }

    [Fact]
    public async Task The_zone_map_of_the_cloud_store_configuration_replaces_the_configured_one_and_a_bad_one_is_refused()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(Topics.DownlinkSourcesFor(EdgeUnderTest.StoreId), StoreFloor.Settings);
        using (var publisher = new CloudPublisher(edge.Cloud!))
        {
            var topic = Topics.StoreConfigTopic(EdgeUnderTest.StoreId);
            publisher.Publish(topic, EdgeUnderTest.StoreId, new StoreConfig
            {
                StoreId = EdgeUnderTest.StoreId,
                Zones = [new StoreZone { Id = "aisle-7", Name = "Aisle 7", Gateways = [StoreFloor.Garden, StoreFloor.Kitchen], Categories = ["cookware"] }],
            }, ContractsJsonContext.Default.StoreConfig);
            publisher.Publish(topic, EdgeUnderTest.StoreId, new StoreConfig
            {
                StoreId = EdgeUnderTest.StoreId,
                Zones = [new StoreZone { Id = "a", Gateways = ["gw-x"] }, new StoreZone { Id = "b", Gateways = ["gw-x"] }],
            }, ContractsJsonContext.Default.StoreConfig);
            publisher.Flush();
        }
        await using var floor = await StoreFloor.ConnectAsync(edge);
        // Both records applied: the store state has read past the last one (a transaction's commit marker takes an offset too).
        await Poll.UntilAsync(() =>
        {
            var end = KafkaReader.Count(edge.Kafka.BootstrapServers, Topics.CloudStoreConfig, 1);
            return end >= 3 && floor.Applied(Topics.CloudStoreConfig) >= end - 1;
        }, s_timeout, "both configurations to be applied");
        edge.Cloud!.SetBrokerDown(EmbeddedKafka.AllBrokers);

        var zones = await floor.GetJsonAsync("/analytics/zones");
        Assert.Equal(["aisle-7"], zones.EnumerateArray().Select(z => z.GetProperty("id").GetString()));
        await floor.SightAsync(StoreFloor.Garden, "walker", -60);
        await Poll.UntilAsync(() => floor.Applied(Topics.BeaconSightings) == 1, s_timeout, "the sighting to be applied");
        Assert.Equal("aisle-7", (await floor.GetJsonAsync("/analytics/shoppers/walker")).GetProperty("zoneId").GetString());
    }

    private static async Task PostAsync(StoreFloor floor, string path, object body)
    {
        using var response = await floor.Http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The store floor once the cloud has sent down the catalog, a show on air since a minute ago featuring the pan
    /// and the mug, and stock (10 pans, 2 mugs); then the cloud goes down.
    /// </summary>
    private static async Task<StoreFloor> OfflineFloorAsync(EdgeUnderTest edge)
    {
        PublishCatalog(edge.Cloud!, DateTimeOffset.UtcNow, ("sku-pan", 10), ("sku-mug", 2));
        var floor = await StoreFloor.ConnectAsync(edge);
        await WaitForCatalogAsync(floor, "sku-pan", "sku-mug");
        edge.Cloud!.SetBrokerDown(EmbeddedKafka.AllBrokers);
        return floor;
    }

    /// <summary>The catalog, a show on air since a minute ago featuring the pan and the mug, and stock levels.</summary>
    private static void PublishCatalog(EmbeddedKafka cloud, DateTimeOffset now, params (string Sku, int Quantity)[] stock)
    {
        using var publisher = new CloudPublisher(cloud);
        publisher.Publish(Topics.CatalogProducts, "sku-pan", new Product { Sku = "sku-pan", Name = "Cast-iron pan", Category = "cookware" }, ContractsJsonContext.Default.Product);
        publisher.Publish(Topics.CatalogProducts, "sku-mug", new Product { Sku = "sku-mug", Name = "Mug", Category = "tableware" }, ContractsJsonContext.Default.Product);
        publisher.Publish(Topics.LiveShows, "show-1", new LiveShow
        {
            ShowId = "show-1",
            Title = "Cooking live",
            Start = now.AddMinutes(-1),
            End = now.AddHours(1),
            Featured = [new FeaturedProduct { Sku = "sku-pan", From = now.AddMinutes(-1), To = now.AddHours(1) }, new FeaturedProduct { Sku = "sku-mug", From = now.AddMinutes(-1), To = now.AddHours(1) }],
        }, ContractsJsonContext.Default.LiveShow);
        foreach (var (sku, quantity) in stock)
        {
            publisher.Publish(Topics.StoreStockTopic(EdgeUnderTest.StoreId), sku, new StockLevel { Sku = sku, Quantity = quantity, AsOf = now }, ContractsJsonContext.Default.StockLevel);
        }
        publisher.Flush();
    }

    private static Task WaitForCatalogAsync(StoreFloor floor, params string[] skus) =>
        Poll.UntilAsync(async () =>
        {
            var live = await floor.GetJsonAsync("/live");
            var stock = await floor.GetJsonAsync("/stock");
            var onAir = live.GetProperty("onAir").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).ToHashSet();
            return skus.All(onAir.Contains) && stock.GetArrayLength() == skus.Length;
        }, s_timeout, "the show and the stock to come down from the cloud");
}
