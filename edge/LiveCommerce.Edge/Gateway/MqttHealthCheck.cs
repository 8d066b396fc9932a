using LiveCommerce.Edge.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MQTTnet.Server;

namespace LiveCommerce.Edge.Gateway;

/// <summary>MQTT is up when the broker runs; reports connected devices.</summary>
public sealed class MqttHealthCheck(MqttServer server, GatewayMetrics metrics, MqttEndpoints endpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["port"] = endpoints.Port,
            ["connectedDevices"] = metrics.Connected,
            ["accepted"] = metrics.Accepted,
        };
        return Task.FromResult(server.IsStarted
            ? HealthCheckResult.Healthy(null, data)
            : HealthCheckResult.Unhealthy("the MQTT broker is not running", null, data));
    }
}
