namespace LiveCommerce.Edge.Live;

/// <summary>A product staff put on air in the store, from <see cref="From"/> until <see cref="Until"/>.</summary>
public sealed record StaffFeature(string ActionId, string Sku, DateTimeOffset From, DateTimeOffset Until);
