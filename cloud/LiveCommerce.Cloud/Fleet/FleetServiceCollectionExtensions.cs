using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Cloud.Fleet;

public static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// The fleet monitor: a consumer of every store's cloud topics that keeps exact per-store counts,
    /// the latest uplink heartbeat and the loss reports in SQLite, and its <c>fleet</c> health entry.
    /// Needs <c>AddCloud</c> (options, Kafka).
    /// </summary>
    public static IHostApplicationBuilder AddFleetMonitor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FleetDatabase>();
        builder.Services.AddSingleton<FleetStatusReader>();
        builder.Services.AddSingleton<FleetMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FleetMonitor>());
        builder.Services.AddHealthChecks().AddCheck<FleetHealthCheck>("fleet");
        return builder;
    }
}
