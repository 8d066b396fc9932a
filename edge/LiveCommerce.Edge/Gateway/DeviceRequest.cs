using LiveCommerce.Edge.Devices;

namespace LiveCommerce.Edge.Gateway;

/// <summary>A request an authenticated device published, for an <see cref="IDeviceRequestHandler"/>.</summary>
public sealed record DeviceRequest(Device Device, ReadOnlyMemory<byte> Payload);
