using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Coupons;
using LiveCommerce.Edge.Downlink;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Edge.Kiosk;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Stock;
using LiveCommerce.Edge.Storage;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Hosting;
using LiveCommerce.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge;

/// <summary>Composes the store edge: one <c>AddXxx</c> per capability.</summary>
public static class EdgeApplication
{
    /// <summary>Builds the edge host from arguments, environment, appsettings and optional overrides (the sandbox and tests use them).</summary>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.AddEdge();
        builder.AddGateway();
        builder.AddUplink();
        builder.AddDownlink();
        builder.AddCoupons();
        builder.AddOffers();
        builder.AddAnalytics();
        builder.AddKiosk();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealth();
        app.UseGateway();
        app.MapDownlink();
        app.MapCoupons();
        app.MapAnalytics();
        app.MapLive();
        app.MapStock();
        app.MapOffers();
        app.MapKiosk();
        return app;
    }

    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeOptions>()
            .BindConfiguration(EdgeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddKafka();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EdgeDatabase>();
        builder.Services.AddSingleton<LocalTopicsInitializer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalTopicsInitializer>());
        builder.Services.AddHealthChecks()
            .AddCheck<KafkaHealthCheck>("kafka")
            .AddCheck<StorageHealthCheck>("storage");
        builder.Services.AddSingleton<KafkaHealthCheck>();
        return builder;
    }
}
