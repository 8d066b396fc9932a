namespace LiveCommerce.Edge.Devices;

/// <summary>A device to register at start (<c>Devices:Seed:N:*</c>): development devices and provisioned ones.</summary>
public sealed class DeviceSeed
{
    public string Id { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Secret { get; set; } = "";

    public bool Enabled { get; set; } = true;
}
