namespace LiveCommerce.Contracts;

/// <summary>One zone of a store in its configuration: the beacon gateways that cover it and what is sold there.</summary>
public sealed record StoreZone
{
    /// <summary>Unique zone id, e.g. <c>kitchen</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>Display name; the id when empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>The beacon gateway (device) ids whose sightings place a shopper in this zone; a gateway belongs to one zone.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>Catalog categories shown in this zone.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Skus shown in this zone.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];
}
