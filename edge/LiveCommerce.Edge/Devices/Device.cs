namespace LiveCommerce.Edge.Devices;

/// <summary>A registered device.</summary>
public sealed record Device(string Id, DeviceKind Kind, bool Enabled);
