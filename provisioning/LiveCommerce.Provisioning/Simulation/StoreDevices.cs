using System.Security.Cryptography;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>The simulated devices of one store, with freshly generated secrets.</summary>
public sealed class StoreDevices : IAsyncDisposable
{
    private readonly List<SimulatedDevice> _devices = [];
    private readonly List<Task> _running = [];

    private StoreDevices(IReadOnlyList<DeviceCredentials> credentials) => Credentials = credentials;

    public IReadOnlyList<DeviceCredentials> Credentials { get; }

    public long Accepted => _devices.Sum(d => d.Accepted);

    public long Refused => _devices.Sum(d => d.Refused);

    /// <summary>Credentials for two POS terminals, a beacon gateway, a fridge sensor and a door sensor.</summary>
    public static StoreDevices Create(string storeId)
    {
        DeviceCredentials Device(string id, string kind) => new(storeId, id, kind, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        return new StoreDevices(
        [
            Device("pos-01", "pos"),
            Device("pos-02", "pos"),
            Device("beacon-gw-01", "beacon-gateway"),
            Device("sensor-fridge-01", "sensor"),
            Device("sensor-door-01", "sensor"),
        ]);
    }

    /// <summary>Configuration entries that register these devices at an edge (<c>Devices:Seed</c>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> SeedSettings() =>
        Credentials.SelectMany((d, i) => new KeyValuePair<string, string?>[]
        {
            new($"Devices:Seed:{i}:Id", d.DeviceId),
            new($"Devices:Seed:{i}:Kind", d.Kind),
            new($"Devices:Seed:{i}:Secret", d.Secret),
        });

    /// <summary>Starts every device publishing to the store's MQTT port: each POS rings up <paramref name="salesPerSecond"/>, the beacon gateway reports five times that, sensors half.</summary>
    public void Start(string host, int port, double salesPerSecond, CancellationToken cancellationToken)
    {
        foreach (var d in Credentials)
        {
            SimulatedDevice device = d.Kind switch
            {
                "pos" => new PosTerminalSimulator(d, host, port, salesPerSecond),
                "beacon-gateway" => new BeaconGatewaySimulator(d, host, port, sightingsPerSecond: salesPerSecond * 5),
                _ => new SensorSimulator(d, host, port, salesPerSecond / 2, d.DeviceId.Contains("door", StringComparison.Ordinal) ? SensorSimulator.Kind.DoorMotion : SensorSimulator.Kind.FridgeTemperature),
            };
            _devices.Add(device);
            _running.Add(device.RunAsync(cancellationToken));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_running).ConfigureAwait(false);
        foreach (var device in _devices)
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }
}
