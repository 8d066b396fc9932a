namespace LiveCommerce.Provisioning.Simulation;

/// <summary>Who a simulated device is: its store, id, kind (registry name) and secret.</summary>
public sealed record DeviceCredentials(string StoreId, string DeviceId, string Kind, string Secret);
