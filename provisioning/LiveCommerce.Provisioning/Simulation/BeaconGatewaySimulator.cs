using System.Globalization;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>
/// A BLE beacon gateway hearing shoppers' phones: each shopper walks between zones, and the gateway
/// reports an RSSI that falls with distance, plus noise.
/// </summary>
public sealed class BeaconGatewaySimulator(DeviceCredentials credentials, string host, int port, double sightingsPerSecond)
    : SimulatedDevice(credentials, host, port, sightingsPerSecond)
{
    private readonly double[] _distances = StoreDevices.ShopperTokens.Select((_, i) => 1.0 + i).ToArray();

    protected override (string EventType, string Payload) NextMessage(long sequence, DateTimeOffset now)
    {
        var shopper = (int)(sequence % _distances.Length);
        _distances[shopper] = Math.Clamp(_distances[shopper] + ((Random.NextDouble() - 0.5) * 1.5), 0.5, 30);
        const int txPower = -59;
        var rssi = (int)Math.Round(txPower - (20 * Math.Log10(_distances[shopper])) + ((Random.NextDouble() - 0.5) * 8));
        return ("sighting", string.Create(CultureInfo.InvariantCulture,
            $"{{\"gatewayId\":\"{Credentials.DeviceId}\",\"shopperToken\":\"{StoreDevices.ShopperTokens[shopper]}\",\"rssi\":{Math.Clamp(rssi, -120, 0)},\"txPower\":{txPower},\"sequence\":{sequence},\"time\":\"{now:O}\"}}"));
    }
}
