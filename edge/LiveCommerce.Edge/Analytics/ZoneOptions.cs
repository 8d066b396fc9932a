namespace LiveCommerce.Edge.Analytics;

/// <summary>One zone of the store (<c>Analytics:Zones:N</c>): the beacon gateways that cover it and what is sold there.</summary>
public sealed class ZoneOptions
{
    /// <summary>Unique zone id, e.g. <c>kitchen</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name for the kiosk; the id when empty.</summary>
    public string Name { get; set; } = "";

    /// <summary>The beacon gateway (device) ids whose sightings place a shopper in this zone; a gateway belongs to one zone.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>Catalog categories shown in this zone.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Skus shown in this zone.</summary>
    public List<string> Skus { get; set; } = [];
}
