namespace LiveCommerce.Edge.Stock;

/// <summary>Units of a sku sold at a time.</summary>
public sealed record StockSale(DateTimeOffset Time, int Units);
