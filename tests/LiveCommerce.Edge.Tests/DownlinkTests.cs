using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Downlink;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class DownlinkTests(ITestOutputHelper output)
{
    private const string OtherStore = "s007";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cloud_catalog_prices_shows_and_config_for_this_store_are_served_and_other_stores_records_and_tombstones_are_not()
    {
        await using var edge = await StartAsync();
        using var cloud = new CloudPublisher(edge.Cloud!);
        var now = DateTimeOffset.UtcNow;
        cloud.Publish(Topics.CatalogProducts, "sku-1", new Product { Sku = "sku-1", Name = "Espresso cup", Category = "kitchen" }, ContractsJsonContext.Default.Product);
        cloud.Publish(Topics.CatalogProducts, "sku-2", new Product { Sku = "sku-2", Name = "Milk jug", Category = "kitchen", StoreIds = [OtherStore, EdgeUnderTest.StoreId] }, ContractsJsonContext.Default.Product);
        cloud.Publish(Topics.CatalogProducts, "sku-3", new Product { Sku = "sku-3", Name = "Tea pot", Category = "kitchen", StoreIds = [OtherStore] }, ContractsJsonContext.Default.Product);
        cloud.Publish(Topics.CatalogPrices, "sku-1", new Price { Sku = "sku-1", Amount = 9.95m, Currency = "EUR" }, ContractsJsonContext.Default.Price);
        cloud.Publish(Topics.CatalogPrices, "sku-3", new Price { Sku = "sku-3", Amount = 19.95m, Currency = "EUR", StoreIds = [OtherStore] }, ContractsJsonContext.Default.Price);
        cloud.Publish(Topics.LiveShows, "show-now", Show("show-now", now.AddMinutes(-10), now.AddMinutes(50)), ContractsJsonContext.Default.LiveShow);
        cloud.Publish(Topics.LiveShows, "show-later", Show("show-later", now.AddDays(1), now.AddDays(1).AddHours(1)), ContractsJsonContext.Default.LiveShow);
        cloud.Publish(Topics.LiveShows, "show-past", Show("show-past", now.AddHours(-2), now.AddHours(-1)), ContractsJsonContext.Default.LiveShow);
        cloud.Publish(Topics.LiveShows, "show-elsewhere", Show("show-elsewhere", now, now.AddHours(1)) with { StoreIds = [OtherStore] }, ContractsJsonContext.Default.LiveShow);
        cloud.Publish(Topics.OffersCampaigns, "c-1", new Campaign { CampaignId = "c-1", Skus = ["sku-1"], DiscountPercent = 15, Start = now, End = now.AddDays(2) }, ContractsJsonContext.Default.Campaign);
        cloud.Publish(Topics.ModelsOfferPropensity, "v1", [0x08, 0x07, 0x12, 0x01]);
        cloud.Publish(Topics.StoreConfigTopic(EdgeUnderTest.StoreId), EdgeUnderTest.StoreId, Config("dark"), ContractsJsonContext.Default.StoreConfig);
        cloud.Publish(Topics.StoreConfigTopic(EdgeUnderTest.StoreId), OtherStore, new StoreConfig { StoreId = OtherStore, Settings = new Dictionary<string, string> { ["kiosk.theme"] = "pink" } }, ContractsJsonContext.Default.StoreConfig);
        cloud.Publish(Topics.CatalogProducts, "sku-bad", "{not json"u8.ToArray());
        cloud.Flush();
        var status = edge.App.Services.GetRequiredService<DownlinkStatus>();
        var watch = Stopwatch.StartNew();
        await Poll.UntilAsync(() => status.Applied >= cloud.Published - 2, s_timeout, "every cloud record to be applied");
        output.WriteLine($"{status.Applied} records applied {watch.ElapsedMilliseconds} ms after publishing; transferred {status.Transferred}, not for the store {status.NotForStore}, rejected {status.Rejected}");

        using var http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        using (var product = await GetJsonAsync(http, "/catalog/products/sku-1"))
        {
            Assert.Equal("Espresso cup", product!.RootElement.GetProperty("name").GetString());
            Assert.Equal("kitchen", product.RootElement.GetProperty("category").GetString());
        }
        Assert.NotNull(await GetJsonAsync(http, "/catalog/products/sku-2"));
        Assert.Null(await GetJsonAsync(http, "/catalog/products/sku-3"));
        Assert.Null(await GetJsonAsync(http, "/catalog/products/sku-bad"));
        using (var price = await GetJsonAsync(http, "/catalog/prices/sku-1"))
        {
            Assert.Equal(9.95m, price!.RootElement.GetProperty("amount").GetDecimal());
            Assert.Equal("EUR", price.RootElement.GetProperty("currency").GetString());
        }
        Assert.Null(await GetJsonAsync(http, "/catalog/prices/sku-3"));
        using (var shows = await GetJsonAsync(http, "/shows"))
        {
            Assert.Equal(["show-now", "show-later"], shows!.RootElement.EnumerateArray().Select(s => s.GetProperty("showId").GetString()));
            Assert.Equal("sku-1", shows.RootElement[0].GetProperty("featured")[0].GetProperty("sku").GetString());
        }
        using (var config = await GetJsonAsync(http, "/config"))
        {
            Assert.Equal(EdgeUnderTest.StoreId, config!.RootElement.GetProperty("storeId").GetString());
            Assert.Equal("dark", config.RootElement.GetProperty("settings").GetProperty("kiosk.theme").GetString());
        }
        using (var health = await GetJsonAsync(http, "/healthz"))
        {
            var downlink = health!.RootElement.GetProperty("components").GetProperty("downlink");
            Assert.Equal("up", downlink.GetProperty("link").GetString());
            Assert.Equal(2, downlink.GetProperty("products").GetInt64());
            Assert.Equal(1, downlink.GetProperty("prices").GetInt64());
            Assert.Equal(3, downlink.GetProperty("shows").GetInt64());
            Assert.Equal(1, downlink.GetProperty("campaigns").GetInt64());
            Assert.Equal(1, downlink.GetProperty("models").GetInt64());
            Assert.Equal(1, downlink.GetProperty("config").GetInt64());
            Assert.Equal(2, downlink.GetProperty("rejected").GetInt64());
            Assert.True(downlink.TryGetProperty("lastApplied", out _));
        }

        // A tombstone deletes; a product taken off this store's range leaves the cache.
        cloud.Publish(Topics.CatalogProducts, "sku-1", null);
        cloud.Publish(Topics.CatalogProducts, "sku-2", new Product { Sku = "sku-2", Name = "Milk jug", Category = "kitchen", StoreIds = [OtherStore] }, ContractsJsonContext.Default.Product);
        cloud.Publish(Topics.StoreConfigTopic(EdgeUnderTest.StoreId), EdgeUnderTest.StoreId, null);
        cloud.Flush();
        await Poll.UntilAsync(async () => await GetJsonAsync(http, "/catalog/products/sku-1") is null
            && await GetJsonAsync(http, "/catalog/products/sku-2") is null
            && await GetJsonAsync(http, "/config") is null, s_timeout, "the deletions");
        Assert.NotNull(await GetJsonAsync(http, "/catalog/prices/sku-1"));
    }

    [Fact]
    public async Task Catalog_price_and_show_updates_made_while_the_store_is_offline_arrive_after_it_reconnects_and_the_edge_serves_the_last_known_values_while_offline()
    {
        await using var edge = await StartAsync();
        var cloudKafka = edge.Cloud!;
        using var cloud = new CloudPublisher(cloudKafka);
        var now = DateTimeOffset.UtcNow;
        PublishVersion(cloud, "v1", now);
        var http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        await Poll.UntilAsync(() => ServesAsync(http, "v1"), s_timeout, "v1 to be served");

        // The store goes offline: the edge stops, the cloud changes, the link is down when the edge comes back.
        await edge.StopAppAsync();
        PublishVersion(cloud, "v2", now);
        cloudKafka.SetBrokerDown(EmbeddedKafka.AllBrokers);
        await edge.StartAppAsync(("Uplink:CloudBootstrapServers", cloudKafka.BootstrapServers));
        http.Dispose();
        http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        var status = edge.App.Services.GetRequiredService<DownlinkStatus>();
        Assert.True(await ServesAsync(http, "v1"), "the last known values are served from SQLite at start");
        await Poll.UntilAsync(() => status.LastError is not null && !status.LinkUp, s_timeout, "the downlink to notice the cloud is unreachable");
        using (var health = await GetJsonAsync(http, "/healthz"))
        {
            var downlink = health!.RootElement.GetProperty("components").GetProperty("downlink");
            Assert.Equal("degraded", downlink.GetProperty("status").GetString());
            Assert.Equal("down", downlink.GetProperty("link").GetString());
        }
        Assert.True(await ServesAsync(http, "v1"), "the last known values are served while offline");

        var watch = Stopwatch.StartNew();
        cloudKafka.SetBrokerUp(EmbeddedKafka.AllBrokers);
        await Poll.UntilAsync(() => ServesAsync(http, "v2"), TimeSpan.FromSeconds(90), "v2 to arrive after the cloud returned");
        output.WriteLine($"v2 served {watch.ElapsedMilliseconds} ms after the cloud returned; last error while offline: {status.LastError}");
        // A late "all brokers down" report from the client may still flip the state; it settles to up.
        await Poll.UntilAsync(() => status.LinkUp, s_timeout, "the downlink to report the link up");
        http.Dispose();
    }

    [Fact]
    public async Task Restarting_the_edge_mid_stream_keeps_the_caches_exact_with_each_record_transferred_and_applied_once()
    {
        const int skus = 20;
        const int versions = 60;
        // Small transactions, so that a stop lands in the middle of the stream.
        var smallBatches = ("Downlink:BatchRecords", "7");
        await using var edge = await StartAsync(smallBatches);
        var cloudKafka = edge.Cloud!;
        using var cloud = new CloudPublisher(cloudKafka);
        long transferred = 0, applied = 0;
        var restarts = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var v = round * versions / 3 + 1; v <= (round + 1) * versions / 3; v++)
            {
                for (var s = 0; s < skus; s++)
                {
                    cloud.Publish(Topics.CatalogPrices, $"sku-{s}", new Price { Sku = $"sku-{s}", Amount = v, Currency = "EUR" }, ContractsJsonContext.Default.Price);
                }
            }
            cloud.Flush();
            var status = edge.App.Services.GetRequiredService<DownlinkStatus>();
            await Poll.UntilAsync(() => status.Applied > 0, s_timeout, "the cache to start applying");
            if (round < 2)
            {
                await edge.StopAppAsync();
                output.WriteLine($"round {round}: stopped after {status.Transferred} transferred, {status.Applied} applied of {cloud.Published} published");
                transferred += status.Transferred;
                applied += status.Applied;
                await edge.StartAppAsync(("Uplink:CloudBootstrapServers", cloudKafka.BootstrapServers), smallBatches);
                restarts++;
            }
            else
            {
                await Poll.UntilAsync(() => transferred + status.Transferred == cloud.Published && applied + status.Applied == cloud.Published, s_timeout, "every record to be transferred and applied");
                transferred += status.Transferred;
                applied += status.Applied;
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        for (var s = 0; s < skus; s++)
        {
            using var price = await GetJsonAsync(http, $"/catalog/prices/sku-{s}");
            Assert.Equal(versions, price!.RootElement.GetProperty("amount").GetDecimal());
        }
        var local = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.CloudCatalogPrices);
        var offsets = edge.App.Services.GetRequiredService<DownlinkStore>().ReadOffsets();
        output.WriteLine($"{cloud.Published} published, {transferred} transferred, {applied} applied, {local.Count} local records, {restarts} restarts");
        Assert.Equal(cloud.Published, local.Count);
        Assert.Equal(cloud.Published, transferred);
        Assert.Equal(cloud.Published, applied);
        foreach (var partition in local.GroupBy(r => r.Partition.Value))
        {
            Assert.Equal(partition.Max(r => r.Offset.Value) + 1, offsets[new TopicPartition(Topics.CloudCatalogPrices, partition.Key)]);
        }
    }

    private static Task<EdgeUnderTest> StartAsync(params (string Key, string Value)[] settings) =>
        EdgeUnderTest.StartWithCloudAsync(Topics.DownlinkSourcesFor(EdgeUnderTest.StoreId), settings);

    private static LiveShow Show(string id, DateTimeOffset start, DateTimeOffset end) => new()
    {
        ShowId = id,
        Title = $"Show {id}",
        Start = start,
        End = end,
        Featured = [new FeaturedProduct { Sku = "sku-1", From = start, To = start.AddMinutes(10) }],
    };

    private static StoreConfig Config(string theme) => new()
    {
        StoreId = EdgeUnderTest.StoreId,
        Settings = new Dictionary<string, string> { ["kiosk.theme"] = theme },
    };

    private static void PublishVersion(CloudPublisher cloud, string version, DateTimeOffset now)
    {
        cloud.Publish(Topics.CatalogProducts, "sku-1", new Product { Sku = "sku-1", Name = $"Espresso cup {version}", Category = "kitchen" }, ContractsJsonContext.Default.Product);
        cloud.Publish(Topics.CatalogPrices, "sku-1", new Price { Sku = "sku-1", Amount = version == "v1" ? 9.95m : 8.95m, Currency = "EUR" }, ContractsJsonContext.Default.Price);
        cloud.Publish(Topics.LiveShows, "show-1", Show("show-1", now.AddHours(1), now.AddHours(2)) with { Title = $"Launch {version}" }, ContractsJsonContext.Default.LiveShow);
        cloud.Publish(Topics.StoreConfigTopic(EdgeUnderTest.StoreId), EdgeUnderTest.StoreId, Config(version), ContractsJsonContext.Default.StoreConfig);
        cloud.Flush();
    }

    /// <summary>True when product, price, show and config of <paramref name="version"/> are all served.</summary>
    private static async Task<bool> ServesAsync(HttpClient http, string version)
    {
        using var product = await GetJsonAsync(http, "/catalog/products/sku-1");
        using var price = await GetJsonAsync(http, "/catalog/prices/sku-1");
        using var shows = await GetJsonAsync(http, "/shows");
        using var config = await GetJsonAsync(http, "/config");
        return product?.RootElement.GetProperty("name").GetString() == $"Espresso cup {version}"
            && price?.RootElement.GetProperty("amount").GetDecimal() == (version == "v1" ? 9.95m : 8.95m)
            && shows?.RootElement.EnumerateArray().Any(s => s.GetProperty("title").GetString() == $"Launch {version}") == true
            && config?.RootElement.GetProperty("settings").GetProperty("kiosk.theme").GetString() == version;
    }

    /// <summary>The JSON of a GET, null on 404.</summary>
    private static async Task<JsonDocument?> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
