using System.Security.Cryptography;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>The simulated devices of one store, with freshly generated secrets, and its shoppers' phones.</summary>
public sealed class StoreDevices : IAsyncDisposable
{
    /// <summary>The shoppers the beacon gateways hear (<see cref="BeaconGatewaySimulator"/>); all but the last opt in to offers.</summary>
    public static readonly IReadOnlyList<string> ShopperTokens = [.. Enumerable.Range(0, 8).Select(i => $"shopper-{i:00}")];

    private const string CheckoutId = "pos-checkout";
    private readonly List<SimulatedDevice> _devices = [];
    private readonly List<Task> _running = [];
    private CouponCheckout? _checkout;
    private ShopperPhones? _phones;

    private StoreDevices(IReadOnlyList<DeviceCredentials> credentials) => Credentials = credentials;

    public IReadOnlyList<DeviceCredentials> Credentials { get; }

    public long Accepted => _devices.Sum(d => d.Accepted) + (_checkout?.Accepted ?? 0);

    /// <summary>Offers that reached the shoppers' phones.</summary>
    public long OffersReceived => _phones?.Received ?? 0;

    public long Refused => _devices.Sum(d => d.Refused);

    /// <summary>Credentials for two POS terminals, two beacon gateways, a fridge sensor, a door sensor and the checkout where shoppers redeem their offers.</summary>
    public static StoreDevices Create(string storeId)
    {
        DeviceCredentials Device(string id, string kind) => new(storeId, id, kind, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        return new StoreDevices(
        [
            Device("pos-01", "pos"),
            Device("pos-02", "pos"),
            Device("beacon-gw-01", "beacon-gateway"),
            Device("beacon-gw-02", "beacon-gateway"),
            Device("sensor-fridge-01", "sensor"),
            Device("sensor-door-01", "sensor"),
            Device(CheckoutId, "pos"),
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

    /// <summary>
    /// Opts the shoppers in at the store's edge and connects their phones; an offer a phone gets goes to the
    /// checkout (two in three) and is redeemed there with a sale.
    /// </summary>
    public async Task StartShoppersAsync(string storeUrl, string host, int port, CancellationToken cancellationToken)
    {
        _checkout = new CouponCheckout(Credentials.Single(c => c.DeviceId == CheckoutId), host, port);
        _running.Add(_checkout.RunAsync(cancellationToken));
        _phones = new ShopperPhones(storeUrl, host, port, _checkout);
        await _phones.ConnectAsync(ShopperTokens.SkipLast(1), acceptOneIn: 3, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts every device publishing to the store's MQTT port: each POS rings up <paramref name="salesPerSecond"/>, each beacon gateway reports five times that, sensors half.</summary>
    public void Start(string host, int port, double salesPerSecond, CancellationToken cancellationToken)
    {
        foreach (var d in Credentials.Where(c => c.DeviceId != CheckoutId))
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
        if (_phones is not null)
        {
            await _phones.DisposeAsync().ConfigureAwait(false);
        }
        if (_checkout is not null)
        {
            await _checkout.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var device in _devices)
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }
}
