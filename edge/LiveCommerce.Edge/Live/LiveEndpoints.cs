using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.StoreState;
using LiveCommerce.Edge.Downlink;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Edge.Kiosk;
using LiveCommerce.Edge.Offers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Live;

/// <summary>
/// The live event for the kiosk: <c>GET /live</c>, and the staff actions <c>POST /live/feature</c>,
/// <c>/live/flash-deal</c>, <c>/live/stop</c> and <c>POST /stock/{sku}/count</c>. An action is written to
/// <c>store.staff-actions</c> and answered (202) once the store state has applied it.
/// </summary>
public static class LiveEndpoints
{
    public const int MaxMinutes = 24 * 60;
    public const int MaxFlashQuantity = 100_000;
    public const int MaxCount = 1_000_000;
    public const int MaxSkuLength = 64;

    /// <summary>Maps the endpoints; the actions need a signed-in staff user (<see cref="KioskAuthorization.StaffPolicy"/>).</summary>
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        static RouteHandlerBuilder staffOnly(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(KioskAuthorization.StaffPolicy);

        app.MapGet("/live", (HttpContext context) => Results.Json(View(context.RequestServices), OffersJsonContext.Default.LiveView));
        staffOnly(app.MapPost("/live/feature", async (HttpContext context) =>
        {
            var (body, error) = await JsonRequests.ReadAsync(context.Request, OffersJsonContext.Default.FeatureRequest);
            error = body is null ? error : SkuError(body.Sku) ?? MinutesError(body.Minutes) ?? "";
            return error.Length > 0
                ? JsonRequests.BadRequest(error)
                : await WriteAsync(context, new StaffAction { Kind = StaffAction.Feature, Sku = body!.Sku, Minutes = body.Minutes });
        }));
        staffOnly(app.MapPost("/live/flash-deal", async (HttpContext context) =>
        {
            var (body, error) = await JsonRequests.ReadAsync(context.Request, OffersJsonContext.Default.FlashDealRequest);
            error = body is null ? error : SkuError(body.Sku) ?? MinutesError(body.Minutes)
                ?? (body.DiscountPercent is not (>= 1 and <= 90) ? "discountPercent must be 1 to 90"
                : body.Quantity is not (>= 1 and <= MaxFlashQuantity) ? $"quantity must be 1 to {MaxFlashQuantity}" : "");
            return error.Length > 0
                ? JsonRequests.BadRequest(error)
                : await WriteAsync(context, new StaffAction { Kind = StaffAction.FlashDeal, Sku = body!.Sku, Minutes = body.Minutes, DiscountPercent = body.DiscountPercent, Quantity = body.Quantity });
        }));
        staffOnly(app.MapPost("/live/stop", (Delegate)((HttpContext context) => WriteAsync(context, new StaffAction { Kind = StaffAction.Stop }))));
        staffOnly(app.MapPost("/stock/{sku}/count", async (string sku, HttpContext context) =>
        {
            var (body, error) = await JsonRequests.ReadAsync(context.Request, OffersJsonContext.Default.StockCountRequest);
            error = body is null ? error : SkuError(sku) ?? (body.Quantity is not (>= 0 and <= MaxCount) ? $"quantity must be 0 to {MaxCount}" : "");
            return error.Length > 0
                ? JsonRequests.BadRequest(error)
                : await WriteAsync(context, new StaffAction { Kind = StaffAction.StockCount, Sku = sku, Quantity = body!.Quantity });
        }));
        return app;
    }

    private static string? SkuError(string? sku) =>
        string.IsNullOrWhiteSpace(sku) || sku.Length > MaxSkuLength || sku.Any(char.IsControl) ? $"sku must be 1 to {MaxSkuLength} printable characters" : null;

    private static string? MinutesError(int? minutes) => minutes is >= 1 and <= MaxMinutes ? null : $"minutes must be 1 to {MaxMinutes}";

    private static async Task<IResult> WriteAsync(HttpContext context, StaffAction action)
    {
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var storeId = services.GetRequiredService<IOptions<EdgeOptions>>().Value.StoreId;
        action = action with { ActionId = Guid.CreateVersion7(now).ToString(), StaffUser = context.User.Identity?.Name ?? "", Time = now };
        try
        {
            // Answered once applied (or after 5 s, still accepted: it is in local Kafka and will be applied).
            await services.GetRequiredService<StoreRequestWriter>().WriteAsync(Topics.StoreStaffActions, action.ActionId,
                new EventEnvelope(action.ActionId, $"/stores/{storeId}/kiosk", StaffAction.CloudEventType, now), action,
                ContractsJsonContext.Default.StaffAction, context.RequestAborted);
            return Results.Json(action, ContractsJsonContext.Default.StaffAction, statusCode: StatusCodes.Status202Accepted);
        }
        catch (KafkaException e)
        {
            return JsonRequests.Error(StatusCodes.Status503ServiceUnavailable, $"local Kafka did not take the action ({e.Error.Code}); try again");
        }
    }

    /// <summary>The live event now, from the downlinked schedule and campaigns and the committed staff actions.</summary>
    public static LiveView View(IServiceProvider services)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var downlink = services.GetRequiredService<DownlinkStore>();
        var (features, deals) = services.GetRequiredService<OfferStore>().ReadLive();
        var live = new LiveState();
        live.Restore(features, deals);
        var shows = downlink.CurrentAndUpcomingShows(now);
        var campaigns = downlink.CurrentAndUpcomingCampaigns(now);
        var onAir = live.OnAir(now, shows, campaigns)
            .Select(p => new OnAirView(p.Sku, downlink.FindProduct(p.Sku)?.Name, p.Source, p.SourceId, p.Until, p.DiscountPercent))
            .ToList();
        return new LiveView(now, onAir, [.. live.Deals.Where(d => d.EndsAt > now)], shows, campaigns);
    }
}
