using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Uplink;

public static class UplinkServiceCollectionExtensions
{
    /// <summary>The mirror to the cloud, its monitor and health; off while <c>Uplink:CloudBootstrapServers</c> is empty.</summary>
    public static IHostApplicationBuilder AddUplink(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UplinkOptions>()
            .BindConfiguration(UplinkOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var enabled = !string.IsNullOrWhiteSpace(builder.Configuration[$"{UplinkOptions.Section}:{nameof(UplinkOptions.CloudBootstrapServers)}"]);
        builder.Services.AddSingleton(sp => new UplinkStatus(sp.GetRequiredService<TimeProvider>()) { Enabled = enabled });
        builder.Services.AddSingleton<UplinkProgress>();
        builder.Services.AddHealthChecks().AddCheck<UplinkHealthCheck>("uplink");
        if (enabled)
        {
            builder.Services.AddHostedService<UplinkMirror>();
            builder.Services.AddHostedService<UplinkMonitor>();
        }
        return builder;
    }
}
