namespace LiveCommerce.Contracts;

/// <summary>The price of a product, cloud topic <c>catalog.prices</c>, keyed by <see cref="Sku"/>.</summary>
public sealed record Price
{
    public string Sku { get; init; } = "";

    public decimal Amount { get; init; }

    /// <summary>ISO 4217 code, e.g. <c>EUR</c>.</summary>
    public string Currency { get; init; } = "";

    /// <summary>The stores the record is for; null or empty means every store.</summary>
    public IReadOnlyList<string>? StoreIds { get; init; }

    /// <summary>When the price takes effect; null means at once.</summary>
    public DateTimeOffset? ValidFrom { get; init; }
}
