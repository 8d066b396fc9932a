using System.Net;
using System.Security.Cryptography.X509Certificates;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet.AspNetCore;
using MQTTnet.Server;

namespace LiveCommerce.Edge.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// The embedded MQTT broker (TCP on <c>Mqtt:Port</c>, optional TLS, WebSockets at <c>/mqtt</c> on the
    /// HTTP endpoint), the device registry and the ingest into local Kafka.
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DevicesOptions>()
            .BindConfiguration(DevicesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DeviceRegistry>();
        builder.Services.AddSingleton<DeduplicationIndex>();
        builder.Services.AddSingleton<DeadLetterWriter>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<MqttGateway>();
        builder.Services.AddSingleton<MqttEndpoints>();
        builder.Services.AddHostedService<DeviceSeeder>();
        builder.Services.AddHostedService<DeduplicationIndexLoader>();
        builder.Services.AddHostedService<GatewayAttacher>();

        var mqtt = builder.Configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        // Endpoints set in code replace Urls, so the configured HTTP URLs are bound in code beside MQTT.
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://127.0.0.1:8080";
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.Services.AddHostedMqttServer(options => options
                .WithoutDefaultEndpoint()
                .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(Math.Clamp(mqtt.ConnectTimeoutSeconds, 1, 300)))
                .WithMaxPendingMessagesPerClient(1000))
            .AddMqttConnectionHandler()
            .AddConnections();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var endpoints = kestrel.ApplicationServices.GetRequiredService<MqttEndpoints>();
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<MqttOptions>>().Value;
            if (!IPAddress.TryParse(options.BindAddress, out var address))
            {
                return;
            }
            ListenOn(kestrel, urls);
            kestrel.Listen(address, options.Port, listen =>
            {
                endpoints.Tcp = listen;
                listen.UseMqtt();
            });
            if (options.Tls.Enabled && File.Exists(options.Tls.CertificatePath))
            {
                var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.Tls.CertificatePath, options.Tls.CertificatePassword);
                kestrel.Listen(address, options.Tls.Port, listen =>
                {
                    endpoints.Tls = listen;
                    listen.UseHttps(certificate);
                    listen.UseMqtt();
                });
            }
        });
        builder.Services.AddHealthChecks().AddCheck<MqttHealthCheck>("mqtt");
        return builder;
    }

    private static void ListenOn(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
            if (uri.Host == "localhost")
            {
                kestrel.ListenLocalhost(uri.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(uri.Host), uri.Port);
            }
        }
    }

    /// <summary>Maps MQTT over WebSockets at <c>/mqtt</c> and the metrics.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.MapMqtt("/mqtt");
        app.MapMetrics();
        return app;
    }
}
