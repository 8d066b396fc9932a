namespace LiveCommerce.Edge.Live;

/// <summary>A product on air as the kiosk shows it.</summary>
public sealed record OnAirView(string Sku, string? Name, string Source, string? SourceId, DateTimeOffset? Until, int? DiscountPercent);
