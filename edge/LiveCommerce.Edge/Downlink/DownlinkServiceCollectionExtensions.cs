using LiveCommerce.Edge.Uplink;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Downlink;

public static class DownlinkServiceCollectionExtensions
{
    /// <summary>
    /// The SQLite caches of cloud data and their applier (always: they read local Kafka only), the mirror
    /// from the cloud (when <c>Uplink:CloudBootstrapServers</c> is set) and the <c>downlink</c> health component.
    /// </summary>
    public static IHostApplicationBuilder AddDownlink(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DownlinkOptions>()
            .BindConfiguration(DownlinkOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var enabled = !string.IsNullOrWhiteSpace(builder.Configuration[$"{UplinkOptions.Section}:{nameof(UplinkOptions.CloudBootstrapServers)}"]);
        builder.Services.AddSingleton(sp => new DownlinkStatus(sp.GetRequiredService<TimeProvider>()) { Enabled = enabled });
        builder.Services.AddSingleton<DownlinkStore>();
        builder.Services.AddHealthChecks().AddCheck<DownlinkHealthCheck>("downlink");
        builder.Services.AddHostedService<DownlinkCache>();
        if (enabled)
        {
            builder.Services.AddHostedService<DownlinkMirror>();
        }
        return builder;
    }
}
