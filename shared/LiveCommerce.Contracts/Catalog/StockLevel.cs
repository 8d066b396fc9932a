namespace LiveCommerce.Contracts;

/// <summary>
/// How many units of a product one store holds, as counted by the cloud's inventory service: cloud topic
/// <c>stores.{storeId}.stock</c>, keyed by <see cref="Sku"/>. The edge takes it as the level, then
/// lowers it with the sales it sees and corrects it with the staff's stock counts.
/// </summary>
public sealed record StockLevel
{
    public string Sku { get; init; } = "";

    /// <summary>Units on hand.</summary>
    public int Quantity { get; init; }

    /// <summary>When the inventory service took the level.</summary>
    public DateTimeOffset AsOf { get; init; }
}
