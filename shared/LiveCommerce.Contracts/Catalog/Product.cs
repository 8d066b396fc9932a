namespace LiveCommerce.Contracts;

/// <summary>A catalog product, cloud topic <c>catalog.products</c>, keyed by <see cref="Sku"/>.</summary>
public sealed record Product
{
    public string Sku { get; init; } = "";

    public string Name { get; init; } = "";

    public string Category { get; init; } = "";

    /// <summary>The stores the record is for; null or empty means every store.</summary>
    public IReadOnlyList<string>? StoreIds { get; init; }
}
