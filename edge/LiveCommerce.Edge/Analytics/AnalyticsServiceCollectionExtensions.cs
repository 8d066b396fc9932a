using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The zone map (<c>Analytics:Zones</c>), the analytics state in SQLite and its applier on local topics.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AnalyticsStore>();
        builder.Services.AddHostedService<AnalyticsApplier>();
        return builder;
    }
}
