namespace LiveCommerce.Edge.Downlink;

/// <summary>What a downlinked topic carries.</summary>
internal enum DownlinkKind
{
    Products,
    Prices,
    Shows,
    Campaigns,
    Models,
    StoreConfig,
    Stock,
}
