namespace LiveCommerce.Edge.Devices;

/// <summary>The configuration and database names of <see cref="DeviceKind"/>: <c>pos</c>, <c>beacon-gateway</c>, ...</summary>
public static class DeviceKinds
{
    private static readonly Dictionary<string, DeviceKind> s_byName = new(StringComparer.Ordinal)
    {
        ["pos"] = DeviceKind.Pos,
        ["beacon-gateway"] = DeviceKind.BeaconGateway,
        ["sensor"] = DeviceKind.Sensor,
        ["kiosk"] = DeviceKind.Kiosk,
        ["shopper-app"] = DeviceKind.ShopperApp,
    };

    public static IEnumerable<string> Names => s_byName.Keys;

    public static bool TryParse(string? name, out DeviceKind kind) => s_byName.TryGetValue(name ?? "", out kind);

    public static string Name(DeviceKind kind) => s_byName.First(p => p.Value == kind).Key;

    /// <summary>Event and request types (the last MQTT topic segment) a kind of device may publish.</summary>
    public static bool MayPublish(DeviceKind kind, string eventType) => (kind, eventType) switch
    {
        (DeviceKind.Pos, "sale" or "heartbeat" or "status" or "redeem") => true,
        (DeviceKind.BeaconGateway, "sighting" or "status") => true,
        (DeviceKind.Sensor, "reading" or "status") => true,
        (DeviceKind.Kiosk, "status") => true,
        _ => false,
    };
}
