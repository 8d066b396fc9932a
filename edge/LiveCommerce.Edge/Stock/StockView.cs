namespace LiveCommerce.Edge.Stock;

/// <summary>A row of <c>GET /stock</c>.</summary>
public sealed record StockView(string Sku, string? Name, int Quantity, bool LowStock, DateTimeOffset UpdatedAt);
