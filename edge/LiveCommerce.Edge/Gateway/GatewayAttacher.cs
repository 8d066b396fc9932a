using Microsoft.Extensions.Hosting;
using MQTTnet.Server;

namespace LiveCommerce.Edge.Gateway;

/// <summary>Attaches the gateway to the broker's events at start, after configuration has been validated.</summary>
public sealed class GatewayAttacher(MqttServer server, MqttGateway gateway) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        gateway.Attach(server);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
