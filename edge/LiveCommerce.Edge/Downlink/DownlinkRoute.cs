using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Downlink;

/// <summary>A cloud topic the downlink reads and the local <c>cloud.*</c> topic it writes to.</summary>
internal sealed record DownlinkRoute(DownlinkKind Kind, string Source, string Local, int LocalPartitions)
{
    private static readonly Dictionary<string, DownlinkKind> s_localKinds = new Dictionary<string, DownlinkKind>(StringComparer.Ordinal)
    {
        [Topics.CloudCatalogProducts] = DownlinkKind.Products,
        [Topics.CloudCatalogPrices] = DownlinkKind.Prices,
        [Topics.CloudLiveShows] = DownlinkKind.Shows,
        [Topics.CloudOffersCampaigns] = DownlinkKind.Campaigns,
        [Topics.CloudModelsOfferPropensity] = DownlinkKind.Models,
        [Topics.CloudStoreConfig] = DownlinkKind.StoreConfig,
        [Topics.CloudStoreStock] = DownlinkKind.Stock,
    };

    public static IReadOnlyList<DownlinkRoute> For(string storeId) =>
    [
        Route(DownlinkKind.Products, Topics.CatalogProducts, Topics.CloudCatalogProducts),
        Route(DownlinkKind.Prices, Topics.CatalogPrices, Topics.CloudCatalogPrices),
        Route(DownlinkKind.Shows, Topics.LiveShows, Topics.CloudLiveShows),
        Route(DownlinkKind.Campaigns, Topics.OffersCampaigns, Topics.CloudOffersCampaigns),
        Route(DownlinkKind.Models, Topics.ModelsOfferPropensity, Topics.CloudModelsOfferPropensity),
        Route(DownlinkKind.StoreConfig, Topics.StoreConfigTopic(storeId), Topics.CloudStoreConfig),
        Route(DownlinkKind.Stock, Topics.StoreStockTopic(storeId), Topics.CloudStoreStock),
    ];

    /// <summary>
    /// The local topics the cache applies, with their partition counts. Stock levels are not cached here: the
    /// store state applies them together with the sales and counts that change them.
    /// </summary>
    public static IEnumerable<TopicSpec> CachedTopics => Topics.Local.Where(t => s_localKinds.TryGetValue(t.Name, out var kind) && kind != DownlinkKind.Stock);

    public static bool TryGetKind(string localTopic, out DownlinkKind kind) => s_localKinds.TryGetValue(localTopic, out kind);

    private static DownlinkRoute Route(DownlinkKind kind, string source, string local) =>
        new(kind, source, local, Topics.Local.Single(t => t.Name == local).Partitions);
}
