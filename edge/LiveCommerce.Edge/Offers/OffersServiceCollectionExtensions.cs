using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Offers;

public static class OffersServiceCollectionExtensions
{
    /// <summary>
    /// The offer-propensity model (the shipped one until a newer one is downlinked), the updater that swaps
    /// in downlinked models, the offer tables and the shoppers' keys. Needs <c>AddEdge</c> and <c>AddDownlink</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOffers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OffersOptions>()
            .BindConfiguration(OffersOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OfferPropensityModel>();
        builder.Services.AddSingleton<OfferStore>();
        builder.Services.AddSingleton<ShopperAccess>();
        builder.Services.AddHostedService<OfferModelUpdater>();
        return builder;
    }
}
