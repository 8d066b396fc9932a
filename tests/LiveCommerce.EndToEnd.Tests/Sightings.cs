using System.Globalization;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>Device payloads of the seeded BLE beacon gateway beacon-gw-01 of store s001.</summary>
internal static class Sightings
{
    public const string DeviceId = "beacon-gw-01";
    public const string Secret = "beacon-gw-01-dev-secret";
    public const string Topic = "lc/v1/s001/beacon-gw-01/sighting";

    /// <summary>A shopper's phone heard by the gateway; 50 shoppers in turn, so that the records spread over the partitions.</summary>
    public static string Sighting(long sequence) =>
        $$"""{"gatewayId":"{{DeviceId}}","shopperToken":"shopper-{{sequence % 50}}","rssi":-60,"txPower":-59,"sequence":{{sequence}},"time":"{{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}}"}""";

    public static string EventId(long sequence) => $"{EdgeHostProcess.StoreId}:{DeviceId}:sighting:{sequence}";
}
