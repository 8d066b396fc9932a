using LiveCommerce.Edge.Downlink;
using LiveCommerce.Edge.Offers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveCommerce.Edge.Stock;

/// <summary><c>GET /stock</c>: units per sku, with the product name and whether it is low.</summary>
public static class StockEndpoints
{
    public static IEndpointRouteBuilder MapStock(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stock", (HttpContext context) =>
        {
            var products = context.RequestServices.GetRequiredService<DownlinkStore>().Products();
            IReadOnlyList<StockView> rows = context.RequestServices.GetRequiredService<StockStore>().All()
                .Select(i => new StockView(i.Sku, products.TryGetValue(i.Sku, out var p) ? p.Name : null, i.Quantity, i.Low, i.UpdatedAt))
                .ToList();
            return Results.Json(rows, OffersJsonContext.Default.IReadOnlyListStockView);
        });
        return app;
    }
}
