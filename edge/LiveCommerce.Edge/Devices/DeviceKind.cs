namespace LiveCommerce.Edge.Devices;

/// <summary>What a device is; decides which event types it may publish.</summary>
public enum DeviceKind
{
    Pos,
    BeaconGateway,
    Sensor,
    Kiosk,
    ShopperApp,
}
