namespace LiveCommerce.Edge.Analytics;

/// <summary>Units sold and line revenue of one sku in the hour starting at <paramref name="Hour"/> (UTC).</summary>
public sealed record HourlySales(DateTimeOffset Hour, string Sku, string Currency, long Quantity, decimal Revenue);
