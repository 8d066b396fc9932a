namespace LiveCommerce.Contracts;

/// <summary>
/// A product's stock fell to the low-stock threshold or below. Local topic <c>store.stock-alerts</c>,
/// CloudEvents type <c>com.livecommerce.store.stock-alert.v1</c>, keyed by <see cref="Sku"/>.
/// </summary>
public sealed record StockAlert
{
    public const string CloudEventType = "com.livecommerce.store.stock-alert.v1";

    public string Sku { get; init; } = "";

    /// <summary>Units left.</summary>
    public int Quantity { get; init; }

    public int Threshold { get; init; }

    /// <summary>The time of the sale, count or level that brought it down.</summary>
    public DateTimeOffset Time { get; init; }
}
