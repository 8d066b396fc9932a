namespace LiveCommerce.Edge.Stock;

/// <summary>The stock of one product: units on hand, when that last changed and whether it is low.</summary>
public sealed record StockItem(string Sku, int Quantity, DateTimeOffset UpdatedAt, bool Low);
