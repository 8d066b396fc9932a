using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Contracts;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>
/// What central IT publishes in the sandbox's cloud before the stores start: the catalog of the simulated
/// POS terminals, a live show on air featuring two products, each store's stock levels and a store
/// configuration with two zones (one per beacon gateway).
/// </summary>
public static class SandboxCatalog
{
    public const string ShowId = "show-sandbox";
    public const int UnitsPerSku = 40;

    public static readonly IReadOnlyList<(string Sku, string Name, string Category, decimal Price)> Products =
    [
        ("sku-headphones", "Wireless headphones", "electronics", 89.00m), ("sku-phone-case", "Phone case", "electronics", 24.00m),
        ("sku-lipstick", "Lipstick", "beauty", 14.50m), ("sku-serum", "Face serum", "beauty", 32.90m),
        ("sku-sneakers", "Sneakers", "fashion", 119.95m), ("sku-tshirt", "T-shirt", "fashion", 19.99m),
        ("sku-jacket", "Jacket", "fashion", 149.00m), ("sku-socks", "Socks", "fashion", 4.99m),
    ];

    /// <summary>The zone map each store gets: electronics and beauty at the first beacon gateway, fashion at the second.</summary>
    public static IReadOnlyList<StoreZone> Zones { get; } =
    [
        new StoreZone { Id = "tech-beauty", Name = "Tech & beauty", Gateways = ["beacon-gw-01"], Categories = ["electronics", "beauty"] },
        new StoreZone { Id = "fashion", Name = "Fashion", Gateways = ["beacon-gw-02"], Categories = ["fashion"] },
    ];

    public static void Publish(string bootstrap, IReadOnlyList<string> storeIds, DateTimeOffset now)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true }).Build();
        void Send<T>(string topic, string key, T value, JsonTypeInfo<T> type) =>
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = JsonSerializer.SerializeToUtf8Bytes(value, type) });
        foreach (var (sku, name, category, price) in Products)
        {
            Send(Topics.CatalogProducts, sku, new Product { Sku = sku, Name = name, Category = category }, ContractsJsonContext.Default.Product);
            Send(Topics.CatalogPrices, sku, new Price { Sku = sku, Amount = price, Currency = "EUR" }, ContractsJsonContext.Default.Price);
        }
        Send(Topics.LiveShows, ShowId, new LiveShow
        {
            ShowId = ShowId,
            Title = "Sandbox live: tech and sneakers",
            Start = now.AddMinutes(-2),
            End = now.AddHours(2),
            Featured =
            [
                new FeaturedProduct { Sku = "sku-headphones", From = now.AddMinutes(-2), To = now.AddHours(2) },
                new FeaturedProduct { Sku = "sku-sneakers", From = now.AddMinutes(-2), To = now.AddHours(2) },
            ],
        }, ContractsJsonContext.Default.LiveShow);
        foreach (var storeId in storeIds)
        {
            Send(Topics.StoreConfigTopic(storeId), storeId, new StoreConfig { StoreId = storeId, Zones = Zones }, ContractsJsonContext.Default.StoreConfig);
            foreach (var (sku, _, _, _) in Products)
            {
                Send(Topics.StoreStockTopic(storeId), sku, new StockLevel { Sku = sku, Quantity = UnitsPerSku, AsOf = now }, ContractsJsonContext.Default.StockLevel);
            }
        }
        if (producer.Flush(TimeSpan.FromSeconds(30)) > 0)
        {
            throw new InvalidOperationException("the sandbox cloud did not take the catalog within 30 s");
        }
    }

    /// <summary>The price of a sandbox sku.</summary>
    public static decimal PriceOf(string sku) => Products.First(p => p.Sku == sku).Price;
}
