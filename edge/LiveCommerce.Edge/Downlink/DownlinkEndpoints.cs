using LiveCommerce.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Downlink;

/// <summary>The last known catalog, prices, shows and store configuration, for the kiosk and the POS: JSON, 404 when unknown.</summary>
public static class DownlinkEndpoints
{
    public static WebApplication MapDownlink(this WebApplication app)
    {
        app.MapGet("/catalog/products/{sku}", (string sku, HttpContext context) =>
            Store(context).FindProduct(sku) is { } product ? Results.Json(product, ContractsJsonContext.Default.Product) : Results.NotFound());
        app.MapGet("/catalog/prices/{sku}", (string sku, HttpContext context) =>
            Store(context).FindPrice(sku) is { } price ? Results.Json(price, ContractsJsonContext.Default.Price) : Results.NotFound());
        app.MapGet("/shows", (HttpContext context) =>
            Results.Json(
                Store(context).CurrentAndUpcomingShows(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()),
                ContractsJsonContext.Default.IReadOnlyListLiveShow));
        app.MapGet("/config", (HttpContext context) =>
            Store(context).FindConfig(context.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.StoreId) is { } config
                ? Results.Json(config, ContractsJsonContext.Default.StoreConfig)
                : Results.NotFound());
        return app;
    }

    private static DownlinkStore Store(HttpContext context) => context.RequestServices.GetRequiredService<DownlinkStore>();
}
