namespace LiveCommerce.Edge.Stock;

/// <summary>Body of <c>POST /stock/{sku}/count</c>: the units staff counted.</summary>
public sealed record StockCountRequest(int? Quantity);
