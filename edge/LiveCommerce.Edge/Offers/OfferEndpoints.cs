using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.StoreState;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Edge.Kiosk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// Offers for the kiosk (<c>GET /offers/summary</c>, <c>/offers/recent</c>) and for shoppers: opt in
/// (<c>POST /shoppers/{token}/opt-in</c>), opt out, and a shopper's own offers, with the key as bearer token.
/// </summary>
public static class OfferEndpoints
{
    public const int MaxTokenLength = 128;
    private const string Bearer = "Bearer ";

    public static IEndpointRouteBuilder MapOffers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offers/summary", (HttpContext context) => Results.Json(Offers(context).Summary(), OffersJsonContext.Default.OfferSummary));
        // The latest offers name shopper tokens, zones and times: staff only.
        app.MapGet("/offers/recent", (HttpContext context, int? limit) =>
            Results.Json(Offers(context).Recent(Math.Clamp(limit ?? 50, 1, 500)), OffersJsonContext.Default.IReadOnlyListOfferRecord))
            .RequireAuthorization(KioskAuthorization.StaffPolicy);
        app.MapPost("/shoppers/{token}/opt-in", async (string token, HttpContext context) =>
        {
            if (TokenError(token) is { } error)
            {
                return JsonRequests.BadRequest(error);
            }
            // A token that already has a key is taken: only its holder may opt in again (and get a new key).
            if (Offers(context).FindProfile(token) is { OptedIn: true } && !Holds(context, token))
            {
                return JsonRequests.Error(StatusCodes.Status403Forbidden, "this shopper token is opted in already; send its key as 'Authorization: Bearer {key}' to get a new one");
            }
            var key = ShopperAccess.NewKey();
            var (applied, refused) = await WriteAsync(context, new ShopperConsent { ShopperToken = token, OptedIn = true, KeyHash = ShopperAccess.HashKey(key) });
            var storeId = context.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.StoreId;
            // Written but not applied yet (202): the key is good once it is, so it is handed out now; it is shown only once.
            return refused ?? Results.Json(
                new OptInResponse(token, key, ShopperAccess.UserNamePrefix + token, ShopperAccess.OffersTopic(storeId, token)),
                OffersJsonContext.Default.OptInResponse, statusCode: applied ? StatusCodes.Status201Created : StatusCodes.Status202Accepted);
        });
        app.MapPost("/shoppers/{token}/opt-out", async (string token, HttpContext context) =>
            TokenError(token) is { } error ? JsonRequests.BadRequest(error)
            : !Holds(context, token) ? JsonRequests.Error(StatusCodes.Status401Unauthorized, "send the shopper's key as 'Authorization: Bearer {key}'")
            : (await WriteAsync(context, new ShopperConsent { ShopperToken = token, OptedIn = false })).Error ?? Results.NoContent());
        app.MapGet("/shoppers/{token}/offers", (string token, HttpContext context) =>
            !Holds(context, token)
                ? JsonRequests.Error(StatusCodes.Status401Unauthorized, "send the shopper's key as 'Authorization: Bearer {key}'")
                : Results.Json(Offers(context).ForShopper(token, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()), OffersJsonContext.Default.IReadOnlyListOfferRecord));
        return app;
    }

    private static OfferStore Offers(HttpContext context) => context.RequestServices.GetRequiredService<OfferStore>();

    private static string? TokenError(string token) =>
        token.Length is 0 or > MaxTokenLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? $"a shopper token is 1 to {MaxTokenLength} letters, digits, '-' or '_'"
            : null;

    private static bool Holds(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(Bearer, StringComparison.Ordinal)
            && context.RequestServices.GetRequiredService<ShopperAccess>().Verify(token, header[Bearer.Length..]);
    }

    /// <summary>Writes the consent: whether it is applied yet, or the error answer when local Kafka did not take it.</summary>
    private static async Task<(bool Applied, IResult? Error)> WriteAsync(HttpContext context, ShopperConsent consent)
    {
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        consent = consent with { Time = now };
        var storeId = services.GetRequiredService<IOptions<EdgeOptions>>().Value.StoreId;
        try
        {
            var applied = await services.GetRequiredService<StoreRequestWriter>().WriteAsync(Topics.ShopperConsents, consent.ShopperToken,
                new EventEnvelope(Guid.CreateVersion7(now).ToString(), $"/stores/{storeId}/shoppers", ShopperConsent.CloudEventType, now), consent,
                ContractsJsonContext.Default.ShopperConsent, context.RequestAborted);
            return (applied, null);
        }
        catch (KafkaException e)
        {
            return (false, JsonRequests.Error(StatusCodes.Status503ServiceUnavailable, $"local Kafka did not take the request ({e.Error.Code}); try again"));
        }
    }
}
