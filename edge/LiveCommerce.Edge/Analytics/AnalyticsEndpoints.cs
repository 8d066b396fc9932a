using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Analytics;

/// <summary>Store analytics for the kiosk: zones (occupancy, dwell), footfall and sales per hour, a shopper's zone.</summary>
public static class AnalyticsEndpoints
{
    public static WebApplication MapAnalytics(this WebApplication app)
    {
        app.MapGet("/analytics/zones", (HttpContext context) =>
            Results.Json(
                Store(context).Zones(Store(context).ReadZoneMap() ?? context.RequestServices.GetRequiredService<IOptions<AnalyticsOptions>>().Value.Zones),
                AnalyticsJsonContext.Default.IReadOnlyListZoneSummary));
        app.MapGet("/analytics/footfall", (HttpContext context) =>
            Results.Json(Store(context).Footfall(), AnalyticsJsonContext.Default.IReadOnlyListHourlyCount));
        app.MapGet("/analytics/sales", (HttpContext context) =>
            Results.Json(Store(context).Sales(), AnalyticsJsonContext.Default.IReadOnlyListHourlySales));
        app.MapGet("/analytics/shoppers/{token}", (string token, HttpContext context) =>
            Store(context).FindShopper(token) is { } zone ? Results.Json(zone, AnalyticsJsonContext.Default.ShopperZone) : Results.NotFound());
        return app;
    }

    private static AnalyticsStore Store(HttpContext context) => context.RequestServices.GetRequiredService<AnalyticsStore>();
}
