namespace LiveCommerce.Contracts;

/// <summary>Every Kafka topic name the product uses, in one place.</summary>
public static class Topics
{
    public const string PosSales = "pos.sales";
    public const string PosHeartbeats = "pos.heartbeats";
    public const string BeaconSightings = "beacon.sightings";
    public const string SensorReadings = "sensor.readings";
    public const string DeviceStatus = "device.status";
    public const string GatewayDeadLetter = "gateway.deadletter";
    public const string StoreOffers = "store.offers";
    public const string PosRedemptions = "pos.redemptions";
    public const string StoreZoneEvents = "store.zone-events";
    public const string StoreStaffActions = "store.staff-actions";
    public const string ShopperConsents = "shopper.consents";
    public const string StoreStockAlerts = "store.stock-alerts";

    /// <summary>The store-local topics and their partition counts, created when an edge starts.</summary>
    public static IReadOnlyList<TopicSpec> Local { get; } =
    [
        new(PosSales, 6),
        new(PosHeartbeats, 3),
        new(BeaconSightings, 12),
        new(SensorReadings, 6),
        new(DeviceStatus, 3),
        new(GatewayDeadLetter, 3),
        new(StoreOffers, 3),
        new(PosRedemptions, 3),
        new(StoreZoneEvents, 3),
        new(StoreStaffActions, 1),
        new(ShopperConsents, 3),
        new(StoreStockAlerts, 1),
        new(CloudCatalogProducts, 3),
        new(CloudCatalogPrices, 3),
        new(CloudLiveShows, 1),
        new(CloudOffersCampaigns, 1),
        new(CloudModelsOfferPropensity, 1),
        new(CloudStoreConfig, 1),
        new(CloudStoreStock, 3),
        new(CloudDownlinkCheckpoints, 1),
    ];

    /// <summary>The cloud topic a store topic is mirrored to: <c>stores.{storeId}.{topic}</c>.</summary>
    public static string Mirrored(string storeId, string localTopic) => $"stores.{storeId}.{localTopic}";

    /// <summary>The per-store uplink heartbeat topic in the cloud.</summary>
    public static string StoreHeartbeat(string storeId) => Mirrored(storeId, "heartbeat");

    /// <summary>The per-store loss reports topic in the cloud.</summary>
    public static string StoreUplinkLoss(string storeId) => Mirrored(storeId, "uplink.loss");

    /// <summary>The per-store mirror checkpoints in the cloud, written in the same transaction as the records.</summary>
    public static string StoreUplinkCheckpoints(string storeId) => Mirrored(storeId, "uplink.checkpoints");

    /// <summary>
    /// The cloud topics of one store: each local topic mirrored with the same partition count (so that a
    /// record keeps its partition), the heartbeat, loss reports and the mirror's checkpoints.
    /// </summary>
    public static IReadOnlyList<TopicSpec> CloudTopicsFor(string storeId) =>
    [
        .. Local.Where(t => !IsDownlinked(t.Name)).Select(t => new TopicSpec(Mirrored(storeId, t.Name), t.Partitions)),
        new(StoreHeartbeat(storeId), 1),
        new(StoreUplinkLoss(storeId), 1),
        new(StoreUplinkCheckpoints(storeId), 1),
    ];

    /// <summary>Cloud topics of every store's mirrored data, heartbeats and reports.</summary>
    public const string AllStoresPattern = @"^stores\.[a-z][a-z0-9-]{1,31}\..+$";

    /// <summary>The store id and local topic of a cloud topic <c>stores.{storeId}.{topic}</c>.</summary>
    public static bool TryParseMirrored(string cloudTopic, out string storeId, out string localTopic)
    {
        storeId = localTopic = "";
        var parts = cloudTopic.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "stores" || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return false;
        }
        (storeId, localTopic) = (parts[1], parts[2]);
        return true;
    }

    public const string CatalogProducts = "catalog.products";
    public const string CatalogPrices = "catalog.prices";
    public const string LiveShows = "live.shows";
    public const string OffersCampaigns = "offers.campaigns";
    public const string ModelsOfferPropensity = "models.offer-propensity";

    /// <summary>Prefix of the store-local copies of cloud topics (the downlink); the uplink has no reason to send them back.</summary>
    public const string DownlinkedPrefix = "cloud.";
    public const string CloudCatalogProducts = "cloud.catalog.products";
    public const string CloudCatalogPrices = "cloud.catalog.prices";
    public const string CloudLiveShows = "cloud.live.shows";
    public const string CloudOffersCampaigns = "cloud.offers.campaigns";
    public const string CloudModelsOfferPropensity = "cloud.models.offer-propensity";
    public const string CloudStoreConfig = "cloud.store.config";
    public const string CloudStoreStock = "cloud.store.stock";

    /// <summary>The downlink's checkpoints (cloud partition → next offset), written in the same local transaction as the records.</summary>
    public const string CloudDownlinkCheckpoints = "cloud.downlink.checkpoints";

    /// <summary>The cloud topic with one store's configuration: <c>stores.{storeId}.config</c>.</summary>
    public static string StoreConfigTopic(string storeId) => Mirrored(storeId, "config");

    /// <summary>The cloud topic with one store's stock levels: <c>stores.{storeId}.stock</c>, keyed by sku.</summary>
    public static string StoreStockTopic(string storeId) => Mirrored(storeId, "stock");

    /// <summary>True for a local topic the downlink fills from the cloud (<c>cloud.*</c>).</summary>
    public static bool IsDownlinked(string localTopic) => localTopic.StartsWith(DownlinkedPrefix, StringComparison.Ordinal);

    /// <summary>The cloud topics a store's downlink reads, with the partition counts the cloud creates them with.</summary>
    public static IReadOnlyList<TopicSpec> DownlinkSourcesFor(string storeId) =>
    [
        new(CatalogProducts, 6),
        new(CatalogPrices, 6),
        new(LiveShows, 3),
        new(OffersCampaigns, 3),
        new(ModelsOfferPropensity, 1),
        new(StoreConfigTopic(storeId), 1),
        new(StoreStockTopic(storeId), 3),
    ];
}
