using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LiveCommerce.Cloud.Fleet;

/// <summary><c>GET /stores</c> (every store the cloud has heard from) and <c>GET /stores/{storeId}</c> (one, or 404).</summary>
public static class FleetEndpoints
{
    public const string Path = "/stores";

    public static IEndpointRouteBuilder MapFleet(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (FleetStatusReader reader) =>
            Results.Json(reader.ReadAll(), FleetJsonContext.Default.IReadOnlyListStoreStatus));
        endpoints.MapGet(Path + "/{storeId}", (string storeId, FleetStatusReader reader) =>
            reader.TryRead(storeId, out var store)
                ? Results.Json(store, FleetJsonContext.Default.StoreStatus)
                : Results.NotFound());
        return endpoints;
    }
}
