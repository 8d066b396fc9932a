using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.StoreState;
using LiveCommerce.Edge.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// The store state: the zone map (<c>Analytics:Zones</c>), stock (<c>Stock</c>), the analytics, stock and offer
    /// tables in SQLite, and the applier that builds them from local topics and runs the offer engine.
    /// Needs <c>AddGateway</c>, <c>AddDownlink</c>, <c>AddCoupons</c> and <c>AddOffers</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<StockOptions>()
            .BindConfiguration(StockOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AnalyticsStore>();
        builder.Services.AddSingleton<StockStore>();
        builder.Services.AddSingleton<AppliedPositions>();
        builder.Services.AddSingleton<StoreRequestWriter>();
        builder.Services.AddSingleton<CatalogView>();
        builder.Services.AddHostedService<StoreStateApplier>();
        return builder;
    }
}
