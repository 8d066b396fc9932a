namespace LiveCommerce.Contracts;

/// <summary>One store's configuration, cloud topic <c>stores.{storeId}.config</c>, keyed by <see cref="StoreId"/>; the latest record replaces the previous one.</summary>
public sealed record StoreConfig
{
    public string StoreId { get; init; } = "";

    /// <summary>Free-form settings rolled out by central IT.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The store's zone map; when given it replaces the edge's <c>Analytics:Zones</c>.</summary>
    public IReadOnlyList<StoreZone>? Zones { get; init; }
}
