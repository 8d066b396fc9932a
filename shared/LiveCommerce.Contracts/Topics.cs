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
    ];

    /// <summary>The cloud topic a store topic is mirrored to: <c>stores.{storeId}.{topic}</c>.</summary>
    public static string Mirrored(string storeId, string localTopic) => $"stores.{storeId}.{localTopic}";

    /// <summary>The per-store heartbeat topic in the cloud.</summary>
    public static string StoreHeartbeat(string storeId) => Mirrored(storeId, "heartbeat");
}
