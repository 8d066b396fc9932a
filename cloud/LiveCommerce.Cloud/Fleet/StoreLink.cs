namespace LiveCommerce.Cloud.Fleet;

/// <summary>A store's uplink state (<c>up</c> or <c>down</c>) and since when, from its latest heartbeat.</summary>
public sealed record StoreLink(string State, DateTimeOffset Since);
