using LiveCommerce.Cloud.Fleet;
using LiveCommerce.Hosting;
using LiveCommerce.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Cloud;

/// <summary>Composes the cloud services: one <c>AddXxx</c> per capability.</summary>
public static class CloudApplication
{
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.AddCloud();
        builder.AddFleetMonitor();
        var app = builder.Build();
        app.MapHealth();
        app.MapFleet();
        return app;
    }

    public static IHostApplicationBuilder AddCloud(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CloudOptions>()
            .BindConfiguration(CloudOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddKafka();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KafkaHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka");
        return builder;
    }
}
